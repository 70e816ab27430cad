#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Interest in readiness, as an epoll mask.
package struct Interest: OptionSet, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Readable, and peer half-close.
    package static let read = Interest(rawValue: RAGD_EPOLLIN | RAGD_EPOLLRDHUP)
    /// Writable.
    package static let write = Interest(rawValue: RAGD_EPOLLOUT)
}

/// One event loop's epoll instance. Registrations carry a 64-bit token: the fd in the low half and a registration id
/// in the high half, so an event for a descriptor that was closed and reused within the same `wait` batch is
/// recognised as stale and dropped (the SwiftNIO trick).
package final class Epoll: @unchecked Sendable {
    /// A readiness event.
    package struct Event {
        /// The fd it is for.
        package let fd: Int32
        /// The registration id given at registration.
        package let registration: UInt32
        /// The raw epoll mask.
        package let mask: UInt32

        /// Data can be read (or EOF/error must be observed by reading).
        package var isReadable: Bool { mask & (RAGD_EPOLLIN | RAGD_EPOLLRDHUP | RAGD_EPOLLHUP | RAGD_EPOLLERR) != 0 }
        /// The socket can take more bytes.
        package var isWritable: Bool { mask & (RAGD_EPOLLOUT | RAGD_EPOLLERR | RAGD_EPOLLHUP) != 0 }
    }

    private let fd: Int32
    private let buffer: UnsafeMutablePointer<ragd_epoll_event>
    private let capacity = 256

    /// Creates the epoll instance.
    package init() throws(IOError) {
        fd = try syscallValue("epoll_create1") { ragd_epoll_create() }
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        closeDescriptor(fd)
        buffer.deallocate()
    }

    /// Starts watching `target` for `interest`.
    package func register(_ target: Int32, registration: UInt32, interest: Interest) throws(IOError) {
        _ = try syscallValue("epoll_ctl(ADD)") {
            ragd_epoll_ctl(fd, EPOLL_CTL_ADD, target, interest.rawValue, Self.token(target, registration))
        }
    }

    /// Changes what `target` is watched for.
    package func modify(_ target: Int32, registration: UInt32, interest: Interest) throws(IOError) {
        _ = try syscallValue("epoll_ctl(MOD)") {
            ragd_epoll_ctl(fd, EPOLL_CTL_MOD, target, interest.rawValue, Self.token(target, registration))
        }
    }

    /// Stops watching `target` (closing the fd would do it too, but only once every duplicate is closed).
    package func deregister(_ target: Int32) {
        _ = try? syscall("epoll_ctl(DEL)") { ragd_epoll_ctl(fd, EPOLL_CTL_DEL, target, 0, 0) }
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `handle` for each ready registration.
    package func wait(timeoutMilliseconds: Int32, _ handle: (Event) -> Void) throws(IOError) {
        let count: Int32
        switch try syscall("epoll_wait", { ragd_epoll_wait(fd, buffer, Int32(capacity), timeoutMilliseconds) }) {
        case .processed(let n): count = n
        case .wouldBlock: return
        }
        for index in 0..<Int(count) {
            let raw = buffer[index]
            handle(Event(fd: Int32(truncatingIfNeeded: raw.data & 0xFFFF_FFFF),
                         registration: UInt32(truncatingIfNeeded: raw.data >> 32), mask: raw.events))
        }
    }

    private static func token(_ fd: Int32, _ registration: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: fd)) | UInt64(registration) << 32
    }
}
