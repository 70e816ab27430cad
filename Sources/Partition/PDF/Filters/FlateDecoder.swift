import CZlib

/// FlateDecode (PDF 32000-1 §7.4.4) through zlib. Damaged streams keep the output decoded before the damage (as
/// poppler and pdf.js do); a stream without a zlib header is retried as raw deflate.
enum FlateDecoder {
    static func decode(_ input: ArraySlice<UInt8>, budget: PartitionBudget) throws(PartitionError) -> [UInt8] {
        let zlibOutput = try inflate(input, windowBits: 15, budget: budget)
        if zlibOutput.headerRejected {
            return try inflate(input, windowBits: -15, budget: budget).output
        }
        return zlibOutput.output
    }

    private static func inflate(_ input: ArraySlice<UInt8>, windowBits: Int32, budget: PartitionBudget)
        throws(PartitionError) -> (output: [UInt8], headerRejected: Bool) {
        var stream = z_stream()
        guard ragd_inflateInit2(&stream, windowBits) == Z_OK else { return ([], false) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(input.count * 4, 4 * 1024 * 1024))
        var meter = DecodeMeter(budget: budget, inputCount: input.count)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { (source) throws(PartitionError) in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(clamping: source.count)
            try chunk.withUnsafeMutableBufferPointer { (buffer) throws(PartitionError) in
                while true {
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    let produced = buffer.count - Int(stream.avail_out)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<produced]))
                    try meter.charge(output.count)
                    // Z_OK with input left means more output is coming; anything else (end, error, no progress) stops.
                    if status != Z_OK || (produced == 0 && stream.avail_in == 0) { break }
                }
            }
        }
        try meter.chargeNow(output.count)
        let rejected = output.isEmpty && status == Z_DATA_ERROR && stream.total_in <= 2
        return (output, rejected)
    }
}
