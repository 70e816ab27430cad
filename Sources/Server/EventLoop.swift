#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Synchronization
import Threading

/// One thread, one epoll instance: accepts from its own SO_REUSEPORT listener, owns its connections, runs inline
/// handlers, and receives results from other threads through `post` (an eventfd wake-up). A timerfd ticks
/// (`tickInterval`, four times a second by default) for timeouts and the `Date` cache.
final class EventLoop: @unchecked Sendable {
    private enum Registration {
        static let wake: UInt32 = 1
        static let timer: UInt32 = 2
        static let listener: UInt32 = 3
        static let firstConnection: UInt32 = 16
    }

    let index: Int
    let server: ServerCore
    let epoll: Epoll
    /// Read buffer shared by this loop's connections: input is copied into a parser only as far as it is unparsed.
    let scratch: UnsafeMutableRawBufferPointer
    private(set) var now: UInt64 = MonotonicClock.now
    private(set) var date = DateCache()
    private let wakeFD: Int32
    private let timerFD: Int32
    private var listener: ListeningSocket?
    private var acceptPaused = false
    private var connections: [Int32: Connection] = [:]
    private var nextRegistration = Registration.firstConnection
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private var stopping = false

    init(index: Int, server: ServerCore, listener: ListeningSocket) throws(IOError) {
        self.index = index
        self.server = server
        self.listener = listener
        epoll = try Epoll()
        wakeFD = try syscallValue("eventfd") { ragd_eventfd() }
        timerFD = try syscallValue("timerfd_create") { ragd_timerfd() }
        scratch = .allocate(byteCount: 64 * 1024, alignment: 16)
        let tick = MonotonicClock.nanoseconds(server.configuration.tickInterval)
        _ = try syscallValue("timerfd_settime") { ragd_timerfd_set_interval(timerFD, Int64(max(1_000_000, tick))) }
        try epoll.register(wakeFD, registration: Registration.wake, interest: .read)
        try epoll.register(timerFD, registration: Registration.timer, interest: .read)
        try epoll.register(listener.fd, registration: Registration.listener, interest: .read)
        date.refresh()
    }

    deinit {
        scratch.deallocate()
        closeDescriptor(wakeFD)
        closeDescriptor(timerFD)
    }

    /// Runs until `stop` is processed. Called on the loop's own thread.
    func run() {
        while !stopping {
            do {
                try epoll.wait(timeoutMilliseconds: -1) { event in
                    now = MonotonicClock.now
                    handle(event)
                }
            } catch {
                server.diagnostics(.unhandledError("epoll_wait: \(error)"))
            }
        }
        for connection in Array(connections.values) { connection.close() }
        listener?.close()
    }

    /// Runs `task` on this loop's thread soon. Safe from any thread.
    func post(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = tasks.withLock { queued in
            queued.append(task)
            return queued.count == 1
        }
        if wasEmpty { wake() }
    }

    /// Stops accepting; idle connections close, busy ones after their response. Safe from any thread.
    func beginDrain() {
        post { [self] in
            if let listener {
                epoll.deregister(listener.fd)
                listener.close()
                self.listener = nil
            }
            for connection in Array(connections.values) { connection.drain() }
        }
    }

    /// Closes every connection and ends `run`. Safe from any thread.
    func stop() {
        post { [self] in stopping = true }
    }

    /// Called by a connection as it closes.
    func forget(_ connection: Connection) {
        connections[connection.fd] = nil
        server.stats.connectionClosed()
    }

    private func wake() {
        var one: UInt64 = 1
        _ = try? syscall("write(eventfd)") { Glibc.write(wakeFD, &one, 8) }
    }

    private func handle(_ event: Epoll.Event) {
        switch event.registration {
        case Registration.wake:
            var value: UInt64 = 0
            _ = try? syscall("read(eventfd)") { Glibc.read(wakeFD, &value, 8) }
            runTasks()
        case Registration.timer:
            var expirations: UInt64 = 0
            _ = try? syscall("read(timerfd)") { Glibc.read(timerFD, &expirations, 8) }
            tick()
        case Registration.listener:
            acceptConnections()
        default:
            guard let connection = connections[event.fd], connection.registration == event.registration else {
                return  // stale: the fd was closed (and maybe reused) earlier in this batch
            }
            if event.mask & (RAGD_EPOLLERR | RAGD_EPOLLHUP) != 0 {
                connection.close()  // reset or fully hung up: nothing can be read or written any more
            } else {
                if event.isReadable { connection.onReadable() }
                if event.isWritable && connection.phase != .closed { connection.onWritable() }
            }
        }
    }

    private func runTasks() {
        // Tasks posted while these run wake the loop again through the eventfd.
        let batch = tasks.withLock { queued in
            defer { queued.removeAll(keepingCapacity: true) }
            return queued
        }
        for task in batch { task() }
    }

    private func tick() {
        date.refresh()
        for connection in Array(connections.values) { connection.checkTimeouts() }
        if acceptPaused, let listener {
            acceptPaused = false
            try? epoll.register(listener.fd, registration: Registration.listener, interest: .read)
        }
    }

    private func acceptConnections() {
        guard let listener else { return }
        for _ in 0..<64 {
            let accepted: IOResult<(fd: Int32, peer: SocketAddress)>
            do {
                accepted = try listener.accept()
            } catch {
                if error.code == ECONNABORTED { continue }
                // Out of descriptors or memory: a level-triggered listener would spin, so pause until the next tick.
                server.diagnostics(.acceptFailed(error))
                epoll.deregister(listener.fd)
                acceptPaused = true
                return
            }
            guard case .processed(let (fd, peer)) = accepted else { return }
            if server.stats.connectionOpened() > server.configuration.maxConnections {
                server.stats.connectionClosed()
                server.stats.connectionRejected()
                server.diagnostics(.connectionRejected(peer))
                Self.refuse(fd)
                continue
            }
            var on: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            let registration = nextRegistration
            nextRegistration = nextRegistration == UInt32.max ? Registration.firstConnection : nextRegistration + 1
            let connection = Connection(fd: fd, registration: registration, peer: peer, loop: self)
            do {
                try epoll.register(fd, registration: registration, interest: .read)
            } catch {
                server.stats.connectionClosed()
                closeDescriptor(fd)
                continue
            }
            connections[fd] = connection
        }
    }

    /// Best-effort 503 to a connection over the limit, then close: better than a silent reset.
    private static func refuse(_ fd: Int32) {
        refusal.withUnsafeBytes { bytes in
            _ = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
        }
        closeDescriptor(fd)
    }

    private static let refusal: [UInt8] = {
        let body = #"{"error":{"code":"too_many_connections","message":"The server has too many open connections.","request_id":""}}"#
        return Array(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Retry-After: 1\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body).utf8)
    }()
}
