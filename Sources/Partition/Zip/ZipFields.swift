/// Little-endian field reads at byte offsets: every multi-byte zip field is little-endian (APPNOTE.TXT §4.4.1.1).
/// Callers check bounds first; an out-of-range offset traps, which would be a bug in the caller.
struct ZipFields {
    let bytes: [UInt8]

    func u16(_ offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) -> Int {
        u16(offset) | u16(offset + 2) << 16
    }

    /// A 64-bit field, or nil when it does not fit in `Int` (no archive held in memory can be that large).
    func u64(_ offset: Int) -> Int? {
        let value = UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    /// True when `length` bytes from `offset` lie inside the archive.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= bytes.count && length <= bytes.count - offset
    }
}
