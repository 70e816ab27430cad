/// One file of a zip archive as its central directory describes it (APPNOTE.TXT §4.3.12), with the data offset
/// resolved from its local header.
package struct ZipEntry: Sendable, Equatable {
    /// Compression methods ragd reads (APPNOTE §4.4.5).
    package enum Method: Sendable, Equatable {
        case stored
        case deflated
        /// Anything else, by its number (refused when the entry is read).
        case other(Int)

        init(_ number: Int) {
            switch number {
            case 0: self = .stored
            case 8: self = .deflated
            default: self = .other(number)
            }
        }
    }

    /// The entry's path inside the archive ("/"-separated).
    package let name: String
    /// How the data is compressed.
    package let method: Method
    /// The general-purpose bit flags (APPNOTE §4.4.4).
    package let flags: Int
    /// The CRC-32 of the uncompressed data.
    package let crc32: UInt32
    /// Bytes of compressed data.
    package let compressedSize: Int
    /// Bytes of uncompressed data as declared (checked, never trusted, when the entry is read).
    package let uncompressedSize: Int
    /// Where the entry's local header starts.
    package let localHeaderOffset: Int
    /// Where the entry's compressed data starts.
    package let dataOffset: Int

    /// True when the entry is encrypted: traditional PKWARE encryption (bit 0), strong encryption (bit 6) or the
    /// WinZip AES method 99.
    package var isEncrypted: Bool {
        flags & 0x0001 != 0 || flags & 0x0040 != 0 || method == .other(99)
    }

    /// True for directory entries ("name/").
    package var isDirectory: Bool { name.hasSuffix("/") }

    /// Whether the raw name bytes are safe to use as a relative path: no NUL, no absolute path (leading `/` or `\`),
    /// no drive letter (`C:`), and no `..` component with either separator (the "zip slip" traversal).
    static func isSafeName(_ raw: ArraySlice<UInt8>) -> Bool {
        guard let first = raw.first else { return false }
        if raw.contains(0) || first == UInt8(ascii: "/") || first == UInt8(ascii: "\\") { return false }
        if raw.count >= 2, raw[raw.startIndex + 1] == UInt8(ascii: ":"), (first | 0x20) >= UInt8(ascii: "a"),
           (first | 0x20) <= UInt8(ascii: "z") { return false }
        let components = raw.split(omittingEmptySubsequences: false) {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "\\")
        }
        return !components.contains { $0.elementsEqual("..".utf8) }
    }
}
