/// LZWDecode (PDF 32000-1 §7.4.4.2): variable-width codes of 9–12 bits, clear-table 256, end-of-data 257, and the
/// `/EarlyChange` rule (default 1: the code width grows one code early). Invalid codes end the data, as in poppler.
enum LZWDecoder {
    static func decode(_ input: ArraySlice<UInt8>, earlyChange: Bool, budget: PartitionBudget)
        throws(PartitionError) -> [UInt8] {
        var meter = DecodeMeter(budget: budget, inputCount: input.count)
        // The table stores each entry as (prefix entry, last byte, length) so a code expands without per-code arrays.
        var prefix = [Int32](repeating: -1, count: 4096)
        var suffix = [UInt8](repeating: 0, count: 4096)
        var length = [Int32](repeating: 1, count: 4096)
        for value in 0..<256 { suffix[value] = UInt8(value) }
        var nextCode = 258
        var codeWidth = 9
        var previous = -1
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3)
        var bitBuffer: UInt32 = 0
        var bitCount = 0
        var index = input.startIndex
        let early = earlyChange ? 1 : 0
        while true {
            while bitCount < codeWidth, index < input.endIndex {
                bitBuffer = bitBuffer << 8 | UInt32(input[index])
                index += 1
                bitCount += 8
            }
            guard bitCount >= codeWidth else { break }
            let code = Int((bitBuffer >> UInt32(bitCount - codeWidth)) & ((1 << UInt32(codeWidth)) - 1))
            bitCount -= codeWidth
            bitBuffer &= (1 << UInt32(bitCount)) &- 1
            if code == 256 {
                nextCode = 258
                codeWidth = 9
                previous = -1
                continue
            }
            if code == 257 { break }
            guard code < nextCode || (code == nextCode && previous >= 0) else { break }
            let firstByte: UInt8
            if code < nextCode {
                firstByte = append(code, prefix: prefix, suffix: suffix, length: length, to: &output)
            } else {
                // The KwKwK case: the code being defined is the previous string plus its own first byte.
                let start = output.count
                let head = append(previous, prefix: prefix, suffix: suffix, length: length, to: &output)
                output.append(head)
                firstByte = output[start]
            }
            if previous >= 0, nextCode < 4096 {
                prefix[nextCode] = Int32(previous)
                suffix[nextCode] = firstByte
                length[nextCode] = length[previous] + 1
                nextCode += 1
            }
            previous = code
            if nextCode + early >= 1 << codeWidth, codeWidth < 12 { codeWidth += 1 }
            try meter.charge(output.count)
        }
        try meter.chargeNow(output.count)
        return output
    }

    /// Appends the string of `code` to `output`; returns its first byte.
    private static func append(_ code: Int, prefix: [Int32], suffix: [UInt8], length: [Int32],
                               to output: inout [UInt8]) -> UInt8 {
        let count = Int(length[code])
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: count))
        var current = code
        var position = start + count - 1
        while current >= 0, position >= start {
            output[position] = suffix[current]
            current = Int(prefix[current])
            position -= 1
        }
        return output[start]
    }
}
