/// One SQLite value in one of its five storage classes.
package enum SQLValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A signed 64-bit integer (SQLite's INTEGER storage class; booleans are 0/1).
    case integer(Int64)
    /// An IEEE-754 double. SQLite stores NaN as NULL.
    case real(Double)
    /// UTF-8 text.
    case text(String)
    /// Raw bytes; an empty array is a zero-length blob, not NULL.
    case blob([UInt8])

    /// The storage class name as `typeof()` spells it, for error messages.
    package var typeName: String {
        switch self {
        case .null: "NULL"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        }
    }
}
