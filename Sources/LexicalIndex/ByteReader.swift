/// Reads what `ByteWriter` writes, checking every read against the end: a snapshot whose checksum matched can
/// still be crafted, so running out of bytes or an overlong varint is `SnapshotError.corrupt`, never a trap.
struct ByteReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    /// A reader of `bytes[range]`.
    init(_ bytes: [UInt8], _ range: Range<Int>) {
        self.bytes = bytes
        offset = range.lowerBound
        end = range.upperBound
    }

    /// Bytes left.
    var remaining: Int { end - offset }

    mutating func readUInt32() throws(SnapshotError) -> UInt32 {
        try need(4, "a 32-bit field")
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << (8 * index) }
        offset += 4
        return value
    }

    mutating func readUInt64() throws(SnapshotError) -> UInt64 {
        try need(8, "a 64-bit field")
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * index) }
        offset += 8
        return value
    }

    /// A varint of at most 5 bytes whose value fits 32 bits.
    mutating func readVarint() throws(SnapshotError) -> UInt32 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 35, by: 7) {
            try need(1, "a varint")
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                guard value <= UInt64(UInt32.max) else { throw .corrupt("varint exceeds 32 bits") }
                return UInt32(value)
            }
        }
        throw .corrupt("varint longer than 5 bytes")
    }

    /// Calls `body` with the next `count` bytes.
    mutating func read<T>(_ count: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws(SnapshotError) -> T {
        try need(count, "\(count) bytes")
        let range = offset..<(offset + count)
        offset += count
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private func need(_ count: Int, _ what: String) throws(SnapshotError) {
        guard count <= end - offset else { throw .corrupt("ends inside \(what) at byte \(offset)") }
    }
}
