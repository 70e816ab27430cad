import Synchronization
import Threading

/// The HTTP/1.1 server: `eventLoops` threads each accepting on an SO_REUSEPORT listener and serving their
/// connections, plus a worker pool for blocking handlers.
///
/// Shutdown is graceful: `/ready` reports draining (see `isDraining`), listeners close, idle connections close,
/// in-flight requests finish (their responses say `Connection: close`) until the grace period ends, then everything
/// left is closed.
package final class HTTPServer: Sendable {
    /// The configuration in force.
    package let configuration: ServerConfiguration
    /// Live counters.
    package let stats = ServerStats()
    /// The worker pool of `.pool` routes (exposed for metrics).
    package let workerPool: WorkerPool
    private let core: ServerCore
    private let state = Mutex<State>(State())

    private struct State: @unchecked Sendable {
        var loops: [EventLoop] = []
        var threads: [OSThread] = []
        var address: SocketAddress?
        var stopped = false
    }

    /// A server for `router`, each handler wrapped by `middleware` (outermost first). Nothing listens until `start`.
    package init(configuration: ServerConfiguration, router: Router, middleware: [any Middleware],
                 diagnostics: @escaping @Sendable (ServerDiagnostic) -> Void = { _ in }) {
        self.configuration = configuration
        workerPool = WorkerPool(threads: configuration.resolvedWorkers, queueDepth: configuration.workerQueueDepth)
        core = ServerCore(configuration: configuration, router: router, chain: MiddlewareChain(middleware),
                          workerPool: workerPool, stats: stats, diagnostics: diagnostics)
    }

    /// Binds one listener per loop (port 0 → a free port shared by all) and starts the loop threads. Fails with
    /// EADDRINUSE when another process listens on the port: SO_REUSEPORT would otherwise let two servers (an old
    /// and a new version, say) silently split the traffic.
    @discardableResult
    package func start() throws(IOError) -> SocketAddress {
        let count = configuration.resolvedEventLoops
        if configuration.port != 0 {
            try ListeningSocket(host: configuration.host, port: configuration.port, backlog: 1, shareable: false).close()
        }
        let first = try ListeningSocket(host: configuration.host, port: configuration.port)
        var listeners = [first]
        do {
            for _ in 1..<count {
                listeners.append(try ListeningSocket(host: configuration.host, port: first.address.port))
            }
        } catch {
            listeners.forEach { $0.close() }
            throw error
        }
        var loops: [EventLoop] = []
        for (index, listener) in listeners.enumerated() {
            do {
                loops.append(try EventLoop(index: index, server: core, listener: listener))
            } catch {
                listeners.forEach { $0.close() }
                throw error
            }
        }
        let threads = loops.map { loop in OSThread.spawn(name: "ragd-loop-\(loop.index)") { loop.run() } }
        state.withLock {
            $0.loops = loops
            $0.threads = threads
            $0.address = first.address
        }
        return first.address
    }

    /// The address the server listens on (after `start`).
    package var boundAddress: SocketAddress? { state.withLock { $0.address } }

    /// True once shutdown began: readiness checks should fail so load balancers stop sending traffic.
    package var isDraining: Bool { core.isDraining }

    /// Drains and stops, waiting at most `configuration.shutdownGracePeriod` for in-flight requests. Returns true when
    /// every connection finished in time. Idempotent.
    @discardableResult
    package func shutdown() -> Bool {
        let loops = state.withLock { $0.stopped ? [] : $0.loops }
        guard !loops.isEmpty else { return true }
        core.beginDraining()
        loops.forEach { $0.beginDrain() }
        let deadline = MonotonicClock.now + MonotonicClock.nanoseconds(configuration.shutdownGracePeriod)
        while stats.openConnections > 0 && MonotonicClock.now < deadline {
            usleepMilliseconds(10)
        }
        let drained = stats.openConnections == 0
        loops.forEach { $0.stop() }
        let threads = state.withLock { state in
            state.stopped = true
            return state.threads
        }
        threads.forEach { $0.join() }
        workerPool.shutdown(wait: drained)
        return drained
    }
}
