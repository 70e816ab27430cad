import Threading

/// A fixed set of read-only connections lent to one caller at a time.
///
/// In WAL mode readers never block the writer or each other, so reads run in parallel with writes; the pool bounds
/// how many run at once (each reader holds its own page cache and file descriptors).
///
/// `@unchecked Sendable`: `idle` and `closed` are only touched under `lock`, and a connection taken out of `idle`
/// is used by exactly one caller until it is handed back.
final class ReaderPool: @unchecked Sendable {
    private let lock = ConditionLock()
    private var idle: [SQLiteConnection]
    private var closed = false
    private let waitTimeout: Duration

    /// Creates a pool lending `connections`; a caller waits at most `waitTimeout` for one to become free.
    init(connections: [SQLiteConnection], waitTimeout: Duration) {
        precondition(!connections.isEmpty, "a reader pool needs at least one connection")
        self.idle = connections
        self.waitTimeout = waitTimeout
    }

    /// Runs `body` with a reader, waiting while all are lent out; the reader comes back even when `body` throws.
    func withReader<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    /// Refuses further reads and closes the idle readers; readers still lent out close when they come back.
    func close() {
        lock.withLock {
            closed = true
            idle.removeAll()
            lock.broadcast()
        }
    }

    private func checkOut() throws -> SQLiteConnection {
        let deadline = MonotonicClock.now + MonotonicClock.nanoseconds(waitTimeout.inSeconds)
        return try lock.withLock {
            while idle.isEmpty && !closed {
                if !lock.wait(until: deadline) && idle.isEmpty && !closed {
                    throw StoreError.readerUnavailable(waitedSeconds: waitTimeout.inSeconds)
                }
            }
            guard !closed else { throw StoreError.closed }
            return idle.removeLast()
        }
    }

    private func checkIn(_ connection: SQLiteConnection) {
        // An open read transaction would pin the WAL (blocking checkpoints) and show the next caller stale data.
        connection.rollbackAbandonedTransaction()
        lock.withLock {
            guard !closed else { return }
            idle.append(connection)
            lock.signal()
        }
    }
}
