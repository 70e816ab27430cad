/// The current result row of a statement, read by column index or name.
///
/// A row is a view into the statement, valid only inside the closure it is handed to (`query`, `queryOne`) or until
/// the next `step()`: copy values out, never keep the row.
package struct Row {
    let statement: Statement

    /// The number of columns.
    package var count: Int { statement.columnCount }

    /// The name of column `index`.
    package func name(at index: Int) -> String { statement.columnName(index) }

    /// Column `index` as `T`; throws `StoreError.columnType` (naming the column) when the value does not fit,
    /// NULL included unless `T` is optional.
    package func get<T: SQLColumnConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard index >= 0 && index < count else { throw StoreError.noSuchColumn("#\(index)") }
        return try convert(index)
    }

    /// The first column named `name` as `T`; throws `StoreError.noSuchColumn` or `StoreError.columnType`.
    package func get<T: SQLColumnConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let index = statement.columnIndex(named: name) else { throw StoreError.noSuchColumn(name) }
        return try convert(index)
    }

    private func convert<T: SQLColumnConvertible>(_ index: Int) throws -> T {
        let value = statement.value(at: index)
        guard let converted = T.fromSQL(value) else {
            throw StoreError.columnType(column: name(at: index), expected: "\(T.self)", found: value.typeName)
        }
        return converted
    }
}
