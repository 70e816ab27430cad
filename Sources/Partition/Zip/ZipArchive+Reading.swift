import CZlib

extension ZipArchive {
    /// The uncompressed bytes of `entry`, verified against its declared size and CRC-32. Every byte produced counts
    /// against the budget's decompression total; throws `zip_encrypted`, `zip_unsupported` (methods other than stored
    /// and deflate), `decompression_limit`, `zip_invalid` or `zip_checksum`.
    package func data(for entry: ZipEntry, budget: PartitionBudget) throws(PartitionError) -> [UInt8] {
        let name = entry.name.debugDescription
        if entry.isEncrypted { throw .zipEncrypted(name) }
        let compressed = bytes[entry.dataOffset..<(entry.dataOffset + entry.compressedSize)]
        // The declared sizes are judged first: a bomb that declares itself honestly is refused before inflating.
        try ZipInflater.checkRatio(output: entry.uncompressedSize, input: entry.compressedSize, name: name,
                                   limits: budget.limits)
        let data: [UInt8]
        switch entry.method {
        case .stored:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw .zipInvalid("the stored entry \(name) has different compressed and uncompressed sizes")
            }
            try budget.consumeDecompressed(compressed.count)
            data = Array(compressed)
        case .deflated:
            data = try ZipInflater.inflate(compressed, declaredSize: entry.uncompressedSize, name: name,
                                           budget: budget)
        case .other(let number):
            throw .zipUnsupported("compression method \(number) in \(name) (only stored and deflate are read)")
        }
        guard Self.crc32(of: data) == entry.crc32 else { throw .zipChecksum(name) }
        return data
    }

    /// The uncompressed bytes of the entry called `name`, or nil when the archive has no such entry.
    package func data(named name: String, budget: PartitionBudget) throws(PartitionError) -> [UInt8]? {
        guard let entry = entry(named: name) else { return nil }
        return try data(for: entry, budget: budget)
    }

    /// CRC-32 (ISO 3309, as zip uses it, APPNOTE §4.4.7) through zlib, fed at most 1 GiB per call because zlib's
    /// length parameter is 32-bit.
    static func crc32(of data: [UInt8]) -> UInt32 {
        data.withUnsafeBufferPointer { buffer in
            var crc = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < buffer.count {
                let length = min(buffer.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, buffer.baseAddress! + offset, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}
