/// ASCII85Decode (PDF 32000-1 §7.4.3): groups of five characters `!`…`u` encode four bytes, `z` stands for four zero
/// bytes, `~>` ends the data, and a final group of n characters yields n − 1 bytes. White space and bytes outside the
/// alphabet are skipped. `z` expands 4-fold at most, well inside the ratio limit, so no metering is needed.
enum ASCII85Decoder {
    static func decode(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4 / 5 + 4)
        var group: UInt64 = 0
        var count = 0
        for byte in input {
            if byte == 0x7E { break }
            if byte == 0x7A, count == 0 {
                output.append(contentsOf: [0, 0, 0, 0])
                continue
            }
            guard byte >= 0x21, byte <= 0x75 else { continue }
            group = group * 85 + UInt64(byte - 0x21)
            count += 1
            if count == 5 {
                appendGroup(group, bytes: 4, to: &output)
                group = 0
                count = 0
            }
        }
        if count > 1 {
            // Pad the partial group with the highest digit (`u`) so truncation rounds the right way.
            for _ in count..<5 { group = group * 85 + 84 }
            appendGroup(group, bytes: count - 1, to: &output)
        }
        return output
    }

    private static func appendGroup(_ group: UInt64, bytes: Int, to output: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: group)
        for index in 0..<bytes { output.append(UInt8(truncatingIfNeeded: value >> UInt32(24 - 8 * index))) }
    }
}
