import CZlib

/// Streaming inflation of raw deflate data (RFC 1951, zip method 8) with bounded output. The declared size is a
/// ceiling, never a promise: output stops as soon as it passes the declared size, the compression ratio or the
/// document's decompression budget, so a bomb costs at most one chunk beyond a limit.
enum ZipInflater {
    /// Bytes inflated per step.
    static let chunkSize = 64 * 1024
    /// Output below this size is never judged by ratio: small, highly repetitive entries (styles, empty parts) are
    /// legitimately compressible far beyond any bomb threshold.
    static let ratioFloor = 1024 * 1024

    /// Inflates `input` (raw deflate, zlib window bits -15) which must produce exactly `declaredSize` bytes.
    static func inflate(_ input: ArraySlice<UInt8>, declaredSize: Int, name: String,
                        budget: PartitionBudget) throws(PartitionError) -> [UInt8] {
        guard input.count <= Int(UInt32.max) else { throw .zipUnsupported("entries over 4 GiB") }
        let result = input.withUnsafeBufferPointer { buffer in
            Result { () throws(PartitionError) -> [UInt8] in
                try run(buffer, declaredSize: declaredSize, name: name, budget: budget)
            }
        }
        return try result.get()
    }

    /// Fails when `output` bytes inflated from `input` bytes exceed the allowed ratio (judged past `ratioFloor`).
    static func checkRatio(output: Int, input: Int, name: String, limits: PartitionLimits) throws(PartitionError) {
        guard output > ratioFloor else { return }
        let ratio = Double(output) / Double(max(input, 1))
        if ratio > limits.maxCompressionRatio {
            throw .decompressionLimit("\(name) expands more than \(Int(limits.maxCompressionRatio)) times")
        }
    }

    private static func run(_ input: UnsafeBufferPointer<UInt8>, declaredSize: Int, name: String,
                            budget: PartitionBudget) throws(PartitionError) -> [UInt8] {
        var stream = z_stream()
        guard ragd_inflateInit2(&stream, -15) == Z_OK else { throw .zipInvalid("zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        var output: [UInt8] = []
        output.reserveCapacity(min(declaredSize, 16 * chunkSize))
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            try budget.check()
            let status = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunkSize - Int(stream.avail_out)
            try budget.consumeDecompressed(produced)
            output.append(contentsOf: chunk[0..<produced])
            guard output.count <= declaredSize else {
                throw .zipInvalid("\(name) inflates to more than its declared \(declaredSize) bytes")
            }
            try checkRatio(output: output.count, input: input.count, name: name, limits: budget.limits)
            switch status {
            case Z_STREAM_END:
                guard output.count == declaredSize else {
                    throw .zipInvalid("\(name) inflates to \(output.count) bytes, not the declared \(declaredSize)")
                }
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where produced > 0:
                continue
            case Z_BUF_ERROR:
                throw .zipInvalid("the compressed data of \(name) ends early")
            default:
                throw .zipInvalid("the compressed data of \(name) is corrupt")
            }
        }
    }
}
