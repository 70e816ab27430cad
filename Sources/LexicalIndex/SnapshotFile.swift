#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and crash-safe replacement for snapshots. A snapshot is written to a temporary file beside the
/// target, fsynced, renamed over the target and the directory fsynced: after a crash the path holds the old snapshot
/// or the new one, never a mix. Also used for the search label tables of `Ingest`.
package enum SnapshotFile {
    /// Writes `bytes` to `path` atomically.
    package static func write(_ bytes: [UInt8], to path: String) throws(SnapshotError) {
        let temporary = path + ".tmp-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(operation: "open", path: temporary, errno: errno) }
        var isOpen = true
        do throws(SnapshotError) {
            try writeAll(bytes, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw .io(operation: "fsync", path: temporary, errno: errno) }
            isOpen = false
            guard close(descriptor) == 0 else { throw .io(operation: "close", path: temporary, errno: errno) }
            guard rename(temporary, path) == 0 else { throw .io(operation: "rename", path: path, errno: errno) }
        } catch {
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
        try syncDirectory(containing: path)
    }

    /// The bytes of the file at `path`.
    package static func read(_ path: String) throws(SnapshotError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let result = bytes.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if result == 0 { break }  // the file shrank since fstat: the header check will report it
            filled += result
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SnapshotError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "write", path: path, errno: errno)
            }
            written += result
        }
    }

    /// Makes the rename durable: it lives in the directory's entries.
    package static func syncDirectory(containing path: String) throws(SnapshotError) {
        let directory = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open", path: directory, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io(operation: "fsync", path: directory, errno: errno) }
    }
}
