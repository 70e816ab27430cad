/// ASCIIHexDecode (PDF 32000-1 §7.4.2): pairs of hex digits up to `>`; white space and stray bytes are ignored, an odd
/// final digit is completed with 0. Output is half the input, so it needs no metering.
enum ASCIIHexDecoder {
    static func decode(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 2)
        var high: UInt8?
        for byte in input {
            if byte == 0x3E { break }
            guard let value = PDFLexer.hexValue(byte) else { continue }
            if let pending = high {
                output.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let pending = high { output.append(pending << 4) }
        return output
    }
}
