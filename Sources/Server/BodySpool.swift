#if canImport(Glibc)
import Glibc
#endif

/// A request body being written to a temporary file as it arrives (uploads). Owned by one connection; the file is
/// removed when the spool is discarded, or by the server after the handler that received its path returns.
final class BodySpool {
    /// The file's path.
    let path: String
    private var fd: Int32
    /// Bytes written so far.
    private(set) var bytes = 0

    /// Creates an empty, private (0600) file in `directory`; nil when that fails.
    init?(directory: String) {
        var generator = SystemRandomNumberGenerator()
        path = "\(directory)/.upload-\(String(generator.next(), radix: 36))-\(String(generator.next(), radix: 36))"
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
    }

    deinit { discard() }

    /// Appends `data`; false when the disk refuses (full, I/O error).
    func write(_ data: [UInt8]) -> Bool {
        guard fd >= 0 else { return false }
        var offset = 0
        while offset < data.count {
            let count = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, data.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            offset += count
        }
        bytes += data.count
        return true
    }

    /// Closes the file and hands its path on (the spool no longer deletes it).
    func finish() -> String {
        if fd >= 0 { close(fd) }
        fd = -2
        return path
    }

    /// Closes and deletes the file (an aborted upload).
    func discard() {
        guard fd != -2 else { return }
        if fd >= 0 { close(fd) }
        fd = -2
        unlink(path)
    }
}
