/// The RC4 stream cipher of the standard security handler (PDF 32000-1 §7.6.2, V1/V2). Implemented here because
/// OpenSSL 3 only offers RC4 through its legacy provider.
struct RC4 {
    private var state: [UInt8]
    private var i: UInt8 = 0
    private var j: UInt8 = 0

    init(key: [UInt8]) {
        state = (0...255).map { UInt8($0) }
        guard !key.isEmpty else { return }
        var j: UInt8 = 0
        for i in 0..<256 {
            j = j &+ state[i] &+ key[i % key.count]
            state.swapAt(i, Int(j))
        }
    }

    /// `data` encrypted or decrypted (the same operation) with a fresh cipher keyed by `key`.
    static func apply(key: [UInt8], to data: some Collection<UInt8>) -> [UInt8] {
        var cipher = RC4(key: key)
        return cipher.process(data)
    }

    mutating func process(_ data: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count)
        for byte in data {
            i = i &+ 1
            j = j &+ state[Int(i)]
            state.swapAt(Int(i), Int(j))
            output.append(byte ^ state[Int(state[Int(i)] &+ state[Int(j)])])
        }
        return output
    }
}
