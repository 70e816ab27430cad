import CSQLite

/// A failed SQLite call: the extended result code, SQLite's own message and the SQL text that failed.
///
/// The SQL is the text the caller wrote, with `?`/`:name` placeholders; bound values are never recorded, so the error
/// can be logged without leaking user data (passwords, document text, tokens).
package struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY_SNAPSHOT`, …); extended codes are turned on
    /// for every connection.
    package let extendedCode: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    package let message: String
    /// The statement or script that failed, if the failure belongs to one.
    package let sql: String?

    /// Creates an error from a result code, a message and the SQL it belongs to.
    package init(code: Int32, message: String, sql: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
    }

    /// Reads the message of the last failure on `connection` (an `sqlite3*`).
    init(code: Int32, connection: OpaquePointer?, sql: String?) {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        self.init(code: code, message: message ?? String(cString: sqlite3_errstr(code)), sql: sql)
    }

    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …): the low byte of the extended code.
    package var code: Int32 { extendedCode & 0xFF }

    /// A UNIQUE, NOT NULL, CHECK, FOREIGN KEY or PRIMARY KEY constraint refused the change.
    package var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// Another connection held a lock for longer than the busy timeout.
    package var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }

    /// The connection is read-only (a reader, or `query_only`) and the statement tried to write.
    package var isReadOnly: Bool { code == SQLITE_READONLY }

    /// The database file is malformed or is not a database.
    package var isCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// Code name, message and SQL, e.g. `SQLite error 2067 (constraint failed): UNIQUE constraint failed: users.email
    /// in "INSERT INTO users(email) VALUES (?)"`.
    package var description: String {
        var text = "SQLite error \(extendedCode) (\(String(cString: sqlite3_errstr(extendedCode)))): \(message)"
        if let sql { text += " in \"\(sql)\"" }
        return text
    }
}

extension SQLiteError {
    /// Throws unless `code` is `SQLITE_OK`.
    static func check(_ code: Int32, connection: OpaquePointer?, sql: String? = nil) throws {
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: connection, sql: sql) }
    }
}
