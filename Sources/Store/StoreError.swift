/// Failures of the store that are not a single SQLite call: misuse of statements and rows, migration history
/// problems, a closed database, an unhealthy file. SQLite's own failures are `SQLiteError`.
package enum StoreError: Error, CustomStringConvertible, Sendable {
    /// `close()` was called; the database no longer accepts work.
    case closed
    /// The SQL text held no statement, or more than one (or trailing text after the first).
    case notOneStatement(sql: String)
    /// The number of positional arguments differs from the statement's parameter count.
    case argumentCount(expected: Int, got: Int, sql: String)
    /// A named parameter of the statement has no argument.
    case missingArgument(name: String, sql: String)
    /// An argument name matches no parameter of the statement (usually a typo).
    case unknownArgument(name: String, sql: String)
    /// A column's value cannot be read as the requested type (including NULL read as a non-optional).
    case columnType(column: String, expected: String, found: String)
    /// No column has this name (or index) in the result row.
    case noSuchColumn(String)
    /// A migration failed; its transaction was rolled back, so neither its changes nor its record remain.
    case migrationFailed(version: Int, name: String, underlying: any Error)
    /// An applied migration's SQL differs from the one this binary carries.
    case migrationChanged(version: Int, name: String, recorded: String, current: String)
    /// The database was migrated by a newer binary; running an older one on it could corrupt data.
    case databaseNewerThanBinary(databaseVersion: Int, latestKnown: Int)
    /// The recorded migrations do not match this binary's list (an unknown applied version, or a pending one below
    /// the newest applied).
    case migrationHistoryMismatch(version: Int, detail: String)
    /// `PRAGMA journal_mode=WAL` did not take (e.g. the file system does not support shared memory).
    case walUnavailable(journalMode: String)
    /// `PRAGMA foreign_keys=ON` did not take (SQLite built without foreign key support).
    case foreignKeysUnavailable
    /// `PRAGMA integrity_check` found problems; each entry is one line of its report.
    case integrityCheckFailed(problems: [String])
    /// Every reader connection stayed busy for the whole wait.
    case readerUnavailable(waitedSeconds: Double)

    /// A sentence for logs; never includes bound values.
    package var description: String {
        switch self {
        case .closed:
            return "the database is closed"
        case .notOneStatement(let sql):
            return "expected exactly one SQL statement in \"\(sql)\""
        case .argumentCount(let expected, let got, let sql):
            return "statement takes \(expected) arguments, got \(got), in \"\(sql)\""
        case .missingArgument(let name, let sql):
            return "no argument for parameter \(name) in \"\(sql)\""
        case .unknownArgument(let name, let sql):
            return "argument \(name) matches no parameter in \"\(sql)\""
        case .columnType(let column, let expected, let found):
            return "column \(column) holds \(found), cannot read it as \(expected)"
        case .noSuchColumn(let column):
            return "no column \(column) in the result row"
        case .migrationFailed(let version, let name, let underlying):
            return "migration \(version) \(name) failed and was rolled back: \(underlying)"
        case .migrationChanged(let version, let name, let recorded, let current):
            return "migration \(version) \(name) was applied with checksum \(recorded) but this binary has \(current); "
                + "never edit an applied migration, add a new one"
        case .databaseNewerThanBinary(let databaseVersion, let latestKnown):
            return "database schema version \(databaseVersion) is newer than this binary knows (\(latestKnown)); "
                + "refusing to run a downgraded binary"
        case .migrationHistoryMismatch(let version, let detail):
            return "migration history mismatch at version \(version): \(detail)"
        case .walUnavailable(let journalMode):
            return "could not enable WAL, journal_mode is \(journalMode)"
        case .foreignKeysUnavailable:
            return "could not enable foreign keys"
        case .integrityCheckFailed(let problems):
            return "integrity check failed: " + problems.joined(separator: "; ")
        case .readerUnavailable(let waitedSeconds):
            return "no reader connection became free within \(waitedSeconds) s"
        }
    }
}
