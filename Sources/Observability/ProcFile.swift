#if canImport(Glibc)
import Glibc
#endif

/// Reads Linux `/proc` files, which report a size of 0 and must be read until end of file.
enum ProcFile {
    /// The whole file, at most `limit` bytes, or nil if it cannot be opened or read.
    static func read(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var contents = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while contents.count < limit {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[..<count])
        }
        return contents
    }

    /// The whitespace-separated fields of `bytes`.
    static func fields<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [Bytes.SubSequence] {
        bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") })
    }

    /// The decimal integer spelled by `bytes`, or nil.
    static func integer<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? {
        Int(String(decoding: bytes, as: UTF8.self))
    }
}
