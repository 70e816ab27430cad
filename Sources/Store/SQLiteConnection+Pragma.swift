import CSQLite

extension SQLiteConnection {
    /// The value of `PRAGMA name` (its first column of its first row), e.g. `pragma("journal_mode")`.
    ///
    /// Only reads are offered: a pragma's value cannot be a bound parameter, and an API that set one would have to
    /// splice it into SQL.
    package func pragma(_ name: String) throws -> SQLValue? {
        precondition(!name.isEmpty && name.allSatisfy { $0 == "_" || $0.isASCII && ($0.isLetter || $0.isNumber) },
                     "not a pragma name: \(name)")
        return try queryOne("PRAGMA \(name)") { try $0.get(0, as: SQLValue.self) }
    }

    /// The problems `PRAGMA integrity_check` reports; empty when it reports `ok`.
    package func integrityProblems() throws -> [String] {
        let lines = try query("PRAGMA integrity_check") { try $0.get(0, as: String.self) }
        return lines == ["ok"] ? [] : lines
    }

    /// How long a statement waits for a lock held by another connection before failing with SQLITE_BUSY.
    func setBusyTimeout(_ timeout: Duration) throws {
        let milliseconds = min(timeout.inMilliseconds, Int64(Int32.max))
        try SQLiteError.check(sqlite3_busy_timeout(handle, Int32(max(milliseconds, 0))), connection: handle)
    }

    /// Runs `body` with `PRAGMA query_only` on, restoring the previous setting afterwards, so a read lent the writer
    /// connection (in-memory databases) fails on writes exactly like a read-only reader.
    func withQueryOnly<T>(_ body: () throws -> T) throws -> T {
        let wasQueryOnly = try pragma("query_only") == .integer(1)
        if wasQueryOnly { return try body() }
        try run("PRAGMA query_only=1")
        defer { _ = try? run("PRAGMA query_only=0") }
        return try body()
    }

    /// Runs `body` with `PRAGMA synchronous=NORMAL`, restoring the previous setting afterwards (the writer's is
    /// `FULL`). In WAL mode its commits are not synced to disk by themselves: a crash of the process loses nothing,
    /// a power cut may lose them (the next `FULL` commit or checkpoint syncs them). For writes that are already
    /// allowed to be lost that way — query history, which waits in memory before it is written — and that should
    /// not pay a sync each.
    package func withRelaxedSync<T>(_ body: () throws -> T) throws -> T {
        // synchronous reads back as an integer: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA.
        guard case .integer(let previous) = try pragma("synchronous"), previous > 1 else { return try body() }
        try run("PRAGMA synchronous=NORMAL")
        defer { _ = try? run("PRAGMA synchronous=\(previous)") }
        return try body()
    }
}
