/// The current result row of a statement, read by column index or name.
///
/// A row is a view into the statement, valid only inside the closure it is handed to (`query`, `queryOne`) or until
/// the next `step()`: copy values out, never keep the row.
package struct Row {
    let statement: Statement
    /// Columns hidden from the front (see `dropFirst`).
    private var offset = 0

    init(statement: Statement) {
        self.statement = statement
    }

    /// The number of columns.
    package var count: Int { statement.columnCount - offset }

    /// The name of column `index`.
    package func name(at index: Int) -> String { statement.columnName(index + offset) }

    /// The same row without its first `count` columns, so a record type can decode `SELECT rowid, <its columns>`
    /// with the indexes it uses everywhere else.
    package func dropFirst(_ count: Int = 1) -> Row {
        var row = self
        row.offset += count
        return row
    }

    /// Column `index` as `T`; throws `StoreError.columnType` (naming the column) when the value does not fit,
    /// NULL included unless `T` is optional.
    package func get<T: SQLColumnConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0 && index < count else { throw StoreError.noSuchColumn("#\(index)") }
        return try convert(absolute: index + offset)
    }

    /// The first column named `name` as `T`; throws `StoreError.noSuchColumn` or `StoreError.columnType`.
    package func get<T: SQLColumnConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = statement.columnIndex(named: name), index >= offset else { throw StoreError.noSuchColumn(name) }
        return try convert(absolute: index)
    }

    private func convert<T: SQLColumnConvertible>(absolute index: Int) throws -> T {
        let value = statement.value(at: index)
        guard let converted = T.fromSQL(value) else {
            throw StoreError.columnType(column: statement.columnName(index), expected: "\(T.self)",
                                        found: value.typeName)
        }
        return converted
    }
}
