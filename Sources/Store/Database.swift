import Synchronization

/// The store the server uses: one writer connection on its own thread, a pool of read-only connections, and the
/// schema migrated at open.
///
/// - Writes: `write` runs its closure on the writer thread, one closure at a time in arrival order, and blocks the
///   caller until it has run. `write` does **not** open a transaction: a single statement is atomic on its own, some
///   statements must run outside one (`VACUUM`, checkpoints), and repositories wrap their own multi-statement work in
///   `transaction` — which nests as a savepoint inside a caller's transaction. Any multi-statement change must use
///   `transaction`; a closure that throws inside one leaves nothing behind.
/// - Reads: `read` lends a read-only reader (`query_only`, WAL snapshot isolation) for the closure's duration. For
///   `.memory` there is no second connection that could see the data, so reads run on the writer thread with
///   `query_only` switched on around the closure: the same guarantees, without the parallelism.
/// - Both block the calling thread; call them from worker threads, never from an event loop.
package final class Database: Sendable {
    /// The configuration the database was opened with.
    package let configuration: Configuration
    /// The migrations applied while opening (empty when the schema was current).
    package let appliedMigrations: [Migration]
    private let writer: WriterThread
    /// nil for `.memory`, whose reads go through the writer.
    private let readers: ReaderPool?
    /// Set by the first `close()`. An atomic rather than a lock held across the shutdown: a write still draining
    /// during `close()` may itself ask `isOpen`, and must not wait for the close that waits for it.
    private let closed = Atomic(false)

    /// Opens (or creates) the database: configures the writer connection (WAL verified, `synchronous=FULL`, foreign
    /// keys, busy timeout), optionally checks integrity, applies pending migrations, then opens the readers and starts
    /// the writer thread. Throws `SQLiteError` or `StoreError` and leaves nothing running when it fails.
    package init(_ configuration: Configuration) throws {
        let location = configuration.location
        let writerConnection = try SQLiteConnection(path: location.path, mode: .readWrite,
                                                    statementCacheCapacity: configuration.statementCacheCapacity)
        try writerConnection.setBusyTimeout(configuration.busyTimeout)
        writerConnection.statementObserver = configuration.statementObserver
        if case .file = location {
            // Changing the journal mode returns the mode now in effect; it can stay "delete" (e.g. on a file system
            // without shared memory), and running without WAL would make readers block the writer.
            let mode = try writerConnection.queryOne("PRAGMA journal_mode=WAL") { try $0.get(0, as: String.self) }
            guard mode?.lowercased() == "wal" else { throw StoreError.walUnavailable(journalMode: mode ?? "unknown") }
        }
        // FULL: a commit is durable once it returns, even across power loss (NORMAL may lose the last commits).
        try writerConnection.execute(script: "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
        guard try writerConnection.pragma("foreign_keys") == .integer(1) else { throw StoreError.foreignKeysUnavailable }
        if configuration.integrityCheckOnOpen {
            // Before migrating: never write to a damaged file.
            let problems = try writerConnection.integrityProblems()
            guard problems.isEmpty else { throw StoreError.integrityCheckFailed(problems: problems) }
        }
        self.appliedMigrations = try Migrator(configuration.migrations).migrate(writerConnection)
        if case .file(let path) = location {
            let connections = try (0..<configuration.readerCount).map { _ in
                try Self.openReader(path: path, configuration: configuration)
            }
            readers = ReaderPool(connections: connections, waitTimeout: configuration.readerWaitTimeout)
        } else {
            readers = nil
        }
        self.configuration = configuration
        self.writer = WriterThread(connection: writerConnection, queueCapacity: configuration.writeQueueCapacity)
    }

    deinit {
        close()
    }

    private static func openReader(path: String, configuration: Configuration) throws -> SQLiteConnection {
        let reader = try SQLiteConnection(path: path, mode: .readOnly,
                                          statementCacheCapacity: configuration.statementCacheCapacity)
        try reader.setBusyTimeout(configuration.busyTimeout)
        reader.statementObserver = configuration.statementObserver
        // query_only on top of the read-only open: belt and braces, and the same error on `.memory` reads.
        try reader.execute(script: "PRAGMA foreign_keys=ON; PRAGMA query_only=1")
        return reader
    }

    /// Runs `body` with the writer connection on the writer thread and returns its result; see the type's notes on
    /// transactions. A `write` (or `read` of a `.memory` database) called from inside a write closure runs inline.
    /// Throws `StoreError.closed` after `close()`.
    @discardableResult
    package func write<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try writer.perform(body)
    }

    /// Runs `body` with a read-only connection, waiting for one when all are busy, and returns its result. The
    /// connection goes back to the pool afterwards, also when `body` throws. Do not nest reads: pass the connection
    /// down instead, or nested reads can exhaust the pool and wait for themselves.
    package func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        guard let readers else {
            return try writer.perform { connection in try connection.withQueryOnly { try body(connection) } }
        }
        return try readers.withReader(body)
    }

    /// The problems `PRAGMA integrity_check` reports right now; empty when the database is healthy.
    package func integrityCheck() throws -> [String] {
        try read { try $0.integrityProblems() }
    }

    /// Whether the database accepts work (for readiness probes).
    package var isOpen: Bool {
        !closed.load(ordering: .acquiring)
    }

    /// Finishes the writes already queued, stops the writer thread and closes every connection; later calls to
    /// `read`/`write` throw `StoreError.closed`. Idempotent (a second, concurrent call returns at once without
    /// waiting for the first); must not be called from inside a write closure.
    package func close() {
        guard closed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            return
        }
        // Readers first, so the writer is the last connection to close: the last connection checkpoints the WAL
        // into the database file and deletes it, which a read-only connection cannot do.
        readers?.close()
        writer.shutdown()
    }
}
