#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: the path and the `errno` of the failing call.
package struct FileReadError: Error, Equatable, CustomStringConvertible {
    /// The file.
    package let path: String
    /// The C error number.
    package let errno: Int32

    package var description: String { "cannot read \(path): \(String(cString: strerror(errno)))" }
}

/// Reads whole files (model weights, vocabulary, configuration) with plain system calls.
package enum FileBytes {
    /// The contents of `path`, at most `limit` bytes (a longer file fails with EFBIG rather than filling memory).
    /// Reads until end of file rather than trusting the size `fstat` reports: files under /proc report 0.
    package static func contents(of path: String, limit: Int) throws(FileReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileReadError(path: path, errno: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw FileReadError(path: path, errno: errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileReadError(path: path, errno: EISDIR) }
        guard Int(status.st_size) <= limit else { throw FileReadError(path: path, errno: EFBIG) }
        // One byte more than the reported size, so a file of exactly that size ends in one read plus one at EOF.
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size) + 1, 4096))
        var filled = 0
        while true {
            if filled == bytes.count {
                guard bytes.count <= limit else { throw FileReadError(path: path, errno: EFBIG) }
                bytes += [UInt8](repeating: 0, count: bytes.count)
            }
            let got = bytes.withUnsafeMutableBytes { buffer in read(fd, buffer.baseAddress! + filled, buffer.count - filled) }
            if got > 0 {
                filled += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                throw FileReadError(path: path, errno: errno)
            }
        }
        guard filled <= limit else { throw FileReadError(path: path, errno: EFBIG) }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
