/// Bytes from a hex string (test vectors).
package func bytes(hex: String) -> [UInt8] {
    var output: [UInt8] = []
    var iterator = hex.utf8.makeIterator()
    while let high = iterator.next(), let low = iterator.next() {
        output.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)!)
    }
    return output
}
