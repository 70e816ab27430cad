/// A Swift value that can be bound to a statement parameter.
///
/// Values only ever reach SQLite through `sqlite3_bind_*`; nothing in the store splices a value into SQL text.
package protocol SQLBindable {
    /// The value to bind.
    var sqlValue: SQLValue { get }
}

extension SQLValue: SQLBindable {
    /// Itself.
    package var sqlValue: SQLValue { self }
}

extension Int: SQLBindable {
    /// `.integer`.
    package var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Int64: SQLBindable {
    /// `.integer`.
    package var sqlValue: SQLValue { .integer(self) }
}

extension Int32: SQLBindable {
    /// `.integer`.
    package var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
    /// `.real`.
    package var sqlValue: SQLValue { .real(self) }
}

extension Bool: SQLBindable {
    /// `.integer(1)` or `.integer(0)`, SQLite's boolean convention.
    package var sqlValue: SQLValue { .integer(self ? 1 : 0) }
}

extension String: SQLBindable {
    /// `.text`.
    package var sqlValue: SQLValue { .text(self) }
}

extension Substring: SQLBindable {
    /// `.text`.
    package var sqlValue: SQLValue { .text(String(self)) }
}

extension Array: SQLBindable where Element == UInt8 {
    /// `.blob`.
    package var sqlValue: SQLValue { .blob(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    /// The wrapped value, or `.null`.
    package var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
