import CSQLite

/// One SQLite connection (`sqlite3*`), closed when the last reference goes away.
///
/// A connection is confined to one thread at a time (it is opened with `SQLITE_OPEN_NOMUTEX`, so SQLite does no
/// locking of its own): `Database` gives the writer connection to its writer thread only and lends each reader to one
/// caller at a time. Values reach SQL only as bound parameters; `execute(script:)` takes no values at all.
package final class SQLiteConnection {
    /// Whether the connection may write.
    package enum Mode: Sendable {
        /// Read-write; creates the file if missing.
        case readWrite
        /// Read-only: any write fails with `SQLITE_READONLY`.
        case readOnly
    }

    /// The path SQLite opens for a private in-memory database.
    package static let memoryPath = ":memory:"

    let handle: OpaquePointer
    /// The path (or URI, or `memoryPath`) the connection was opened with.
    package let path: String
    /// Read-write or read-only.
    package let mode: Mode
    let statementCache: StatementCache
    /// How many SAVEPOINTs `transaction` has open, to name the next one.
    var savepointDepth = 0
    /// Sees the text of every statement this connection runs (never the bound values). Tests use it to prove that
    /// every query on tenant data carries the caller's organization.
    package var statementObserver: (@Sendable (String) -> Void)?

    /// Opens `path` (a file path, a `file:` URI, or `memoryPath`). Extended result codes are turned on so errors
    /// say *which* constraint or I/O step failed. `statementCacheCapacity` bounds the prepared statements kept for
    /// `run`/`query`.
    package init(path: String, mode: Mode = .readWrite, statementCacheCapacity: Int = 64) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        flags |= mode == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard code == SQLITE_OK, let opened else {
            let reason = SQLiteError(code: code, connection: opened, sql: nil)
            sqlite3_close_v2(opened)
            throw SQLiteError(code: code, message: "\(reason.message) (opening \(path))")
        }
        sqlite3_extended_result_codes(opened, 1)
        self.handle = opened
        self.path = path
        self.mode = mode
        self.statementCache = StatementCache(capacity: statementCacheCapacity)
    }

    deinit {
        // Finalize cached statements first; close_v2 defers the close until any statement still held elsewhere is
        // finalized instead of failing with SQLITE_BUSY.
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs `script`, which may hold several statements (DDL, migrations) but no parameters.
    package func execute(script: String) throws {
        statementObserver?(script)
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, script, nil, nil, &message)
        guard code != SQLITE_OK else { return }
        let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
        sqlite3_free(message)
        throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: script)
    }

    /// Prepares `sql` (exactly one statement) outside the cache, for callers that step by hand.
    package func prepare(_ sql: String) throws -> Statement {
        statementObserver?(sql)
        return try Statement(database: handle, sql: sql)
    }

    /// Runs one statement with `arguments` to completion and returns the number of rows it changed.
    @discardableResult
    package func run(_ sql: String, _ arguments: SQLArguments = []) throws -> Int {
        try withStatement(sql, arguments) { statement in
            // Step through any rows (`INSERT … RETURNING`): the change is only complete at SQLITE_DONE.
            while try statement.step() == .row {}
            return Int(sqlite3_changes64(handle))
        }
    }

    /// Runs a query and maps each result row with `row`.
    package func query<T>(_ sql: String, _ arguments: SQLArguments = [], row: (Row) throws -> T) throws -> [T] {
        try withStatement(sql, arguments) { statement in
            var results: [T] = []
            while try statement.step() == .row { results.append(try row(statement.row)) }
            return results
        }
    }

    /// Runs a query and hands each result row to `body` as it is read, for results too large to hold at once.
    package func forEachRow(_ sql: String, _ arguments: SQLArguments = [], _ body: (Row) throws -> Void) throws {
        try withStatement(sql, arguments) { statement in
            while try statement.step() == .row { try body(statement.row) }
        }
    }

    /// Runs a query and maps its first row with `row`; nil when there is none. Later rows are not read.
    package func queryOne<T>(_ sql: String, _ arguments: SQLArguments = [], row: (Row) throws -> T) throws -> T? {
        try withStatement(sql, arguments) { statement in
            try statement.step() == .row ? try row(statement.row) : nil
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Whether a transaction is open (SQLite is out of autocommit mode).
    package var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The number of statements in the cache.
    var cachedStatementCount: Int { statementCache.count }

    /// Runs `body` with a bound, cached statement for `sql` and always resets it afterwards, so no statement keeps a
    /// read transaction open. A statement already executing (the same SQL issued again from inside a row closure)
    /// is not shared: the nested call gets a fresh, uncached one.
    private func withStatement<T>(_ sql: String, _ arguments: SQLArguments, _ body: (Statement) throws -> T) throws
        -> T
    {
        statementObserver?(sql)
        let statement: Statement
        let cached = statementCache.statement(for: sql)
        if let cached, !cached.isExecuting {
            statement = cached
        } else if cached != nil {
            statement = try Statement(database: handle, sql: sql)
        } else {
            statement = try Statement(database: handle, sql: sql, persistent: true)
            statementCache.insert(statement)
        }
        statement.isExecuting = true
        defer {
            statement.reset()
            statement.isExecuting = false
        }
        try statement.bind(arguments)
        return try body(statement)
    }
}
