import Synchronization

/// Idle keep-alive connections per (scheme, host, port), so consecutive requests to a provider skip the TCP and TLS
/// handshakes. At most `maxIdlePerKey` wait per key (the oldest is closed beyond that); one idle longer than
/// `idleTimeout` — or with anything to read, which on an idle connection means the server closed or reset it — is
/// closed instead of reused. Newest first, so the connections that stay idle are the ones that time out.
final class ConnectionPool: Sendable {
    private let idle = Mutex<[ConnectionKey: [HTTPConnection]]>([:])
    private let maxIdlePerKey: Int
    private let idleTimeout: UInt64
    private let clock: @Sendable () -> UInt64

    init(maxIdlePerKey: Int, idleTimeout: UInt64, clock: @escaping @Sendable () -> UInt64) {
        self.maxIdlePerKey = maxIdlePerKey
        self.idleTimeout = idleTimeout
        self.clock = clock
    }

    /// A usable idle connection for `key`, or nil. Unusable ones met on the way are closed (outside the lock).
    func take(_ key: ConnectionKey) -> HTTPConnection? {
        while true {
            guard let candidate = idle.withLock({ $0[key]?.popLast() }) else { return nil }
            let idleFor = clock() &- candidate.idleSince
            if idleFor <= idleTimeout && !candidate.stream.hasPendingInput { return candidate }
        }
    }

    /// Keeps `connection` for reuse (the caller knows the response ended cleanly and the server keeps it open).
    func put(_ connection: HTTPConnection) {
        guard maxIdlePerKey > 0 else { return }
        connection.idleSince = clock()
        let evicted: HTTPConnection? = idle.withLock { all in
            all[connection.key, default: []].append(connection)
            guard all[connection.key]!.count > maxIdlePerKey else { return nil }
            return all[connection.key]!.removeFirst()
        }
        _ = evicted  // released (closed) here, outside the lock
    }

    /// Idle connections waiting for `key`.
    func idleCount(for key: ConnectionKey) -> Int {
        idle.withLock { $0[key]?.count ?? 0 }
    }

}
