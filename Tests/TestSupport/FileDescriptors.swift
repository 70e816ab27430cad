#if canImport(Glibc)
import Glibc
#endif
import Threading

/// Pipes and temporary files for the sink tests.
package enum FileDescriptors {
    /// A pipe as (read end, write end), both close-on-exec.
    package static func pipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        precondition(Glibc.pipe(&fds) == 0)
        fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// An unlinked temporary file open for reading and writing (not close-on-exec: tests spawn no children meanwhile).
    package static func temporaryFile() -> Int32 {
        var template = Array("/tmp/ragd-observability-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        precondition(fd >= 0)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    /// Everything in the file `fd` from its start.
    package static func readAll(_ fd: Int32) -> String {
        var contents = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var offset = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if count <= 0 { break }
            contents += chunk[..<count]
            offset += count
        }
        return String(decoding: contents, as: UTF8.self)
    }

    /// Reads from the pipe `fd` until `minimumBytes` arrived or `timeoutMilliseconds` passed.
    package static func read(_ fd: Int32, minimumBytes: Int = 1, timeoutMilliseconds: Int) -> [UInt8] {
        var contents = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let deadline = MonotonicClock.now + UInt64(timeoutMilliseconds) * 1_000_000
        while contents.count < minimumBytes {
            let now = MonotonicClock.now
            guard now < deadline else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32((deadline - now) / 1_000_000 + 1)) > 0 else { continue }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            contents += chunk[..<count]
        }
        return contents
    }

    /// The lines of `text` (without the empty string after a final line feed).
    package static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
