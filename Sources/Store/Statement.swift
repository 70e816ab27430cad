import CSQLite

/// One prepared SQL statement; finalized when the last reference goes away.
///
/// A statement belongs to the connection that prepared it and, like that connection, is used by one thread at a time.
/// Most code never touches one directly: `SQLiteConnection.run`/`query` prepare, cache, bind, step and reset for you.
/// Use `SQLiteConnection.prepare` when you need to step by hand (streaming a large result, for instance).
package final class Statement {
    /// The outcome of one `step()`.
    package enum StepResult: Sendable {
        /// A result row is available through `row`.
        case row
        /// The statement ran to completion.
        case done
    }

    let handle: OpaquePointer
    /// The SQL text as written by the caller (placeholders, never values).
    package let sql: String
    private var columnIndexByName: [String: Int]?
    /// Set by the connection while `run`/`query` steps this (cached) statement, so a nested call does not reuse it.
    var isExecuting = false

    /// Prepares `sql`, which must hold exactly one statement (trailing whitespace and comments are fine).
    /// `persistent` tells SQLite the statement will be reused many times (the statement cache sets it).
    init(database: OpaquePointer, sql: String, persistent: Bool = false) throws {
        var prepared: OpaquePointer?
        var trailingStatement = false
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sql.withCString { start -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(database, start, -1, flags, &prepared, &tail)
            if code == SQLITE_OK, let tail { trailingStatement = Self.holdsStatement(tail, database: database) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteError(code: code, connection: database, sql: sql) }
        // SQLite prepares nothing (and reports success) for text that is empty or only comments.
        guard let prepared else { throw StoreError.notOneStatement(sql: sql) }
        guard !trailingStatement else {
            sqlite3_finalize(prepared)
            throw StoreError.notOneStatement(sql: sql)
        }
        self.handle = prepared
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Whether the text after the first statement is more than whitespace and comments. SQLite itself is the judge:
    /// preparing the rest either yields a statement, fails (garbage), or yields nothing (only comments).
    private static func holdsStatement(_ tail: UnsafePointer<CChar>, database: OpaquePointer) -> Bool {
        var cursor = tail
        while cursor.pointee == 0x20 || (cursor.pointee >= 0x09 && cursor.pointee <= 0x0D) { cursor += 1 }
        if cursor.pointee == 0 { return false }
        var extra: OpaquePointer?
        let code = sqlite3_prepare_v3(database, cursor, -1, 0, &extra, nil)
        sqlite3_finalize(extra)
        return code != SQLITE_OK || extra != nil
    }

    /// Resets the statement, then binds `arguments` to all of its parameters. Positional arguments must match the
    /// parameter count; named arguments must cover every parameter and name no unknown one.
    package func bind(_ arguments: SQLArguments) throws {
        reset()
        let count = Int(sqlite3_bind_parameter_count(handle))
        switch arguments.storage {
        case .positional(let values):
            guard values.count == count else {
                throw StoreError.argumentCount(expected: count, got: values.count, sql: sql)
            }
            for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
        case .named(let values):
            for index in stride(from: Int32(1), through: Int32(count), by: 1) {
                let name = sqlite3_bind_parameter_name(handle, index).map { String(cString: $0) } ?? "?\(index)"
                guard let value = values[name] ?? values[String(name.dropFirst())] else {
                    throw StoreError.missingArgument(name: name, sql: sql)
                }
                try bind(value, at: index)
            }
            for key in values.keys where !namesParameter(key) {
                throw StoreError.unknownArgument(name: key, sql: sql)
            }
        }
    }

    private func namesParameter(_ key: String) -> Bool {
        let candidates = key.first.map { ":@$".contains($0) } == true ? [key] : [":" + key, "@" + key, "$" + key]
        return candidates.contains { sqlite3_bind_parameter_index(handle, $0) > 0 }
    }

    private func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, index, real)
        case .text(let text):
            // The explicit byte length keeps text with embedded NUL bytes whole.
            code = text.withCString {
                sqlite3_bind_text64(handle, index, $0, UInt64(text.utf8.count), ragd_sqlite_transient(),
                                    UInt8(SQLITE_UTF8))
            }
        case .blob(let bytes) where bytes.isEmpty:
            // sqlite3_bind_blob with a NULL pointer would bind NULL; a zero-length blob must stay a blob.
            code = sqlite3_bind_zeroblob(handle, index, 0)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob64(handle, index, $0.baseAddress, UInt64($0.count), ragd_sqlite_transient())
            }
        }
        try SQLiteError.check(code, connection: sqlite3_db_handle(handle), sql: sql)
    }

    /// Advances to the next row (`.row`) or to completion (`.done`); any other outcome throws.
    package func step() throws -> StepResult {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return .row
        case SQLITE_DONE: return .done
        default: throw SQLiteError(code: code, connection: sqlite3_db_handle(handle), sql: sql)
        }
    }

    /// Rewinds the statement and clears its bindings. A reset statement holds no read transaction open, which matters
    /// in WAL mode: an unfinished reader pins the WAL and blocks checkpoints.
    package func reset() {
        // sqlite3_reset repeats the last step's error, which `step()` has already thrown.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        // A schema change re-prepares the statement on its next step and may change `SELECT *` columns.
        columnIndexByName = nil
    }

    /// The current result row; valid until the next `step()` or `reset()`.
    package var row: Row { Row(statement: self) }

    /// The number of result columns.
    package var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The name of result column `index` (its `AS` alias when there is one).
    package func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "#\(index)"
    }

    /// The index of the first result column named `name`, if any.
    func columnIndex(named name: String) -> Int? {
        if columnIndexByName == nil {
            var map: [String: Int] = [:]
            for index in 0..<columnCount where map[columnName(index)] == nil { map[columnName(index)] = index }
            columnIndexByName = map
        }
        return columnIndexByName?[name]
    }

    /// The value of column `index` in the current row, copied out of SQLite's buffers.
    func value(at index: Int) -> SQLValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            // column_text before column_bytes: the documented order that avoids a second conversion.
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, column) else { return .blob([]) }
            let length = Int(sqlite3_column_bytes(handle, column))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
        default:
            return .null
        }
    }
}
