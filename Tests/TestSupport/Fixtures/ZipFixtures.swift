import CZlib

/// Builds zip archives in tests (APPNOTE.TXT layouts), with knobs to produce the damaged and hostile archives the
/// reader must refuse.
package struct ZipFixture {
    package struct Entry {
        package var name: [UInt8]
        package var data: [UInt8]
        package var deflate = true
        package var method: UInt16?
        package var flags: UInt16 = 0
        package var declaredSize: Int?
        package var crc: UInt32?
        /// Extra bytes claimed as compressed data (to make entries overlap).
        package var extraCompressedSize = 0

        package init(name: [UInt8], data: [UInt8], deflate: Bool = true, method: UInt16? = nil, flags: UInt16 = 0,
                     declaredSize: Int? = nil, crc: UInt32? = nil, extraCompressedSize: Int = 0) {
            self.name = name
            self.data = data
            self.deflate = deflate
            self.method = method
            self.flags = flags
            self.declaredSize = declaredSize
            self.crc = crc
            self.extraCompressedSize = extraCompressedSize
        }
    }

    package var entries: [Entry] = []
    /// Write zip64 end records (with 0xFFFF/0xFFFFFFFF in the classic end record).
    package var zip64 = false
    /// Overrides the entry count in the end record.
    package var declaredEntryCount: Int?

    package init() {}

    package mutating func add(_ name: String, _ text: String, deflate: Bool = true) {
        entries.append(Entry(name: Array(name.utf8), data: Array(text.utf8), deflate: deflate))
    }

    package mutating func add(_ entry: Entry) { entries.append(entry) }

    package func build() -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let compressed = entry.deflate ? Self.deflate(entry.data) : entry.data
            let method = entry.method ?? (entry.deflate ? 8 : 0)
            let crc = entry.crc ?? Self.crc32(entry.data)
            let size = entry.declaredSize ?? entry.data.count
            let offset = out.count
            out += Self.u32(0x0403_4B50) + Self.u16(20) + Self.u16(entry.flags) + Self.u16(method) + Self.u16(0)
                + Self.u16(0x21) + Self.u32(crc) + Self.u32(compressed.count + entry.extraCompressedSize)
                + Self.u32(size) + Self.u16(entry.name.count) + Self.u16(0) + entry.name
            out += compressed
            directory += Self.u32(0x0201_4B50) + Self.u16(20) + Self.u16(20) + Self.u16(entry.flags)
                + Self.u16(method) + Self.u16(0) + Self.u16(0x21) + Self.u32(crc)
                + Self.u32(compressed.count + entry.extraCompressedSize) + Self.u32(size)
                + Self.u16(entry.name.count) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u16(0) + Self.u32(0)
                + Self.u32(offset) + entry.name
        }
        let directoryOffset = out.count
        out += directory
        let count = declaredEntryCount ?? entries.count
        if zip64 {
            let record = out.count
            out += Self.u32(0x0606_4B50) + Self.u64(44) + Self.u16(45) + Self.u16(45) + Self.u32(0) + Self.u32(0)
                + Self.u64(count) + Self.u64(count) + Self.u64(directory.count) + Self.u64(directoryOffset)
            out += Self.u32(0x0706_4B50) + Self.u32(0) + Self.u64(record) + Self.u32(1)
            out += Self.u32(0x0605_4B50) + Self.u16(0) + Self.u16(0) + Self.u16(0xFFFF) + Self.u16(0xFFFF)
                + Self.u32(0xFFFF_FFFF) + Self.u32(0xFFFF_FFFF) + Self.u16(0)
        } else {
            out += Self.u32(0x0605_4B50) + Self.u16(0) + Self.u16(0) + Self.u16(count & 0xFFFF)
                + Self.u16(count & 0xFFFF) + Self.u32(directory.count) + Self.u32(directoryOffset) + Self.u16(0)
        }
        return out
    }

    /// Raw deflate (window bits -15), as zip method 8 stores it.
    package static func deflate(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(ragd_deflateInit2(&stream, 9, -15) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        var input = data
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                precondition(CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    package static func crc32(_ data: [UInt8]) -> UInt32 {
        UInt32(data.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    package static func u16(_ value: some BinaryInteger) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
    package static func u32(_ value: some BinaryInteger) -> [UInt8] { u16(value) + u16(value >> 16) }
    package static func u64(_ value: some BinaryInteger) -> [UInt8] { u32(value) + u32(value >> 32) }
}
