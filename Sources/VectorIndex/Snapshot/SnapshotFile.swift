#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor for snapshots, closed on deinit. Every call goes through here: EINTR is retried, short
/// reads and writes are continued, and any other failure becomes `SnapshotError.io` with the call's name and errno.
struct SnapshotFile: ~Copyable {
    private let descriptor: Int32
    let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Creates (or truncates) `path` for writing, mode 0644.
    static func create(_ path: String) throws(SnapshotError) -> SnapshotFile {
        let flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        let descriptor = try retrying("open", path) { Glibc.open(path, flags, 0o644) }
        return SnapshotFile(descriptor: descriptor, path: path)
    }

    /// Opens `path` for reading.
    static func open(_ path: String, directory: Bool = false) throws(SnapshotError) -> SnapshotFile {
        let flags = O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0)
        let descriptor = try retrying("open", path) { Glibc.open(path, flags) }
        return SnapshotFile(descriptor: descriptor, path: path)
    }

    /// The file's size in bytes.
    func size() throws(SnapshotError) -> Int {
        var status = stat()
        _ = try Self.retrying("fstat", path) { fstat(descriptor, &status) }
        return Int(status.st_size)
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) {
        var offset = 0
        while offset < bytes.count {
            let written = try Self.retrying("write", path) {
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            offset += written
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(SnapshotError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(SnapshotError) in try write(buffer) } }.get()
    }

    /// Reads up to `count` bytes; fewer only at end of file.
    func read(count: Int) throws(SnapshotError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        defer { buffer.deallocate() }
        let read = try read(into: buffer)
        return Array(buffer[0..<read])
    }

    /// Fills `buffer` from the file; returns the bytes read, fewer only at end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SnapshotError) -> Int {
        var offset = 0
        while offset < buffer.count {
            let read = try Self.retrying("read", path) {
                Glibc.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if read == 0 { break }
            offset += read
        }
        return offset
    }

    /// Flushes the file's data and metadata to the disk.
    func sync() throws(SnapshotError) {
        _ = try Self.retrying("fsync", path) { fsync(descriptor) }
    }

    /// Runs a system call until it is not interrupted; a -1 becomes `SnapshotError.io`.
    private static func retrying<T: BinaryInteger>(_ operation: String, _ path: String,
                                                   _ call: () -> T) throws(SnapshotError) -> T {
        while true {
            let result = call()
            if result != -1 { return result }
            guard errno == EINTR else { throw .io(operation: operation, path: path, errno: errno) }
        }
    }

    /// Renames `from` to `to` atomically (same file system) and makes the rename durable by syncing the directory.
    static func replace(_ to: String, with from: String) throws(SnapshotError) {
        _ = try retrying("rename", to) { rename(from, to) }
        let directory = to.lastIndex(of: "/").map { to[..<$0].isEmpty ? "/" : String(to[..<$0]) } ?? "."
        let handle = try open(directory, directory: true)
        try handle.sync()
    }
}
