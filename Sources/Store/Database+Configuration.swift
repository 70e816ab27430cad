extension Database {
    /// Where the database lives and the limits it runs with.
    package struct Configuration: Sendable {
        /// The database's storage.
        package enum Location: Sendable, Hashable {
            /// A file on disk, in WAL mode, with a pool of reader connections.
            case file(String)
            /// A private in-memory database (tests, throw-away runs). It has no WAL and only the writer connection
            /// can see it, so reads also run on the writer thread.
            case memory

            /// The path handed to `sqlite3_open_v2`.
            var path: String {
                switch self {
                case .file(let path): path
                case .memory: SQLiteConnection.memoryPath
                }
            }
        }

        /// Where the database lives.
        package var location: Location
        /// The schema history, applied at open.
        package var migrations: [Migration]
        /// Read-only connections for concurrent reads (file databases only).
        package var readerCount: Int
        /// How long a statement waits on another connection's lock before SQLITE_BUSY (a checkpoint, another process).
        package var busyTimeout: Duration
        /// How long `read` waits for a free reader before failing with `StoreError.readerUnavailable`.
        package var readerWaitTimeout: Duration
        /// Writes queued for the writer thread at most; `write` waits for room beyond that (back-pressure).
        package var writeQueueCapacity: Int
        /// Prepared statements cached per connection.
        package var statementCacheCapacity: Int
        /// Called with the SQL text of every statement any connection runs (tests; never bound values).
        package var statementObserver: (@Sendable (String) -> Void)?
        /// Run `PRAGMA integrity_check` at open (before migrating) and refuse to open a damaged file. It reads the
        /// whole file, so it costs time proportional to the database size.
        package var integrityCheckOnOpen: Bool

        /// A configuration; every limit has a default suited to one ragd process.
        package init(
            location: Location,
            migrations: [Migration] = [],
            readerCount: Int = 4,
            busyTimeout: Duration = .seconds(5),
            readerWaitTimeout: Duration = .seconds(30),
            writeQueueCapacity: Int = 1_024,
            statementCacheCapacity: Int = 64,
            integrityCheckOnOpen: Bool = false
        ) {
            precondition(readerCount >= 1, "readerCount must be at least 1")
            precondition(writeQueueCapacity >= 1, "writeQueueCapacity must be at least 1")
            self.location = location
            self.migrations = migrations
            self.readerCount = readerCount
            self.busyTimeout = busyTimeout
            self.readerWaitTimeout = readerWaitTimeout
            self.writeQueueCapacity = writeQueueCapacity
            self.statementCacheCapacity = statementCacheCapacity
            self.integrityCheckOnOpen = integrityCheckOnOpen
        }
    }
}
