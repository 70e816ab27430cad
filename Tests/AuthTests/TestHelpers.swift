@testable import Auth

/// Bytes from a hex string (test vectors).
func bytes(hex: String) -> [UInt8] {
    var output: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        output.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return output
}

/// Small argon2 parameters so password tests run in milliseconds; the defaults are exercised by one test only.
let fastArgon2 = Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
