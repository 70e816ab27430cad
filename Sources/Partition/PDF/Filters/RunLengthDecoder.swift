/// RunLengthDecode (PDF 32000-1 §7.4.5): a length byte 0–127 copies the next n + 1 bytes, 129–255 repeats the next
/// byte 257 − n times, 128 ends the data. A two-byte run yields 128 bytes, so output is metered.
enum RunLengthDecoder {
    static func decode(_ input: ArraySlice<UInt8>, budget: PartitionBudget) throws(PartitionError) -> [UInt8] {
        var meter = DecodeMeter(budget: budget, inputCount: input.count)
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 2)
        var index = input.startIndex
        while index < input.endIndex {
            let length = Int(input[index])
            index += 1
            if length == 128 { break }
            if length < 128 {
                let end = min(index + length + 1, input.endIndex)
                output.append(contentsOf: input[index..<end])
                index = end
            } else {
                guard index < input.endIndex else { break }
                output.append(contentsOf: repeatElement(input[index], count: 257 - length))
                index += 1
            }
            try meter.charge(output.count)
        }
        try meter.chargeNow(output.count)
        return output
    }
}
