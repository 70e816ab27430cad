/// A Swift type that a result column can be read as (`Row.get`).
///
/// Conversions are strict so that a schema mistake surfaces as an error instead of a silently wrong value: text is
/// not parsed as a number, a real is not truncated to an integer, NULL is only accepted by `Optional`.
package protocol SQLColumnConvertible {
    /// The value as `Self`, or nil when the storage class does not fit.
    static func fromSQL(_ value: SQLValue) -> Self?
}

extension SQLValue: SQLColumnConvertible {
    /// Any value, NULL included.
    package static func fromSQL(_ value: SQLValue) -> SQLValue? { value }
}

extension Int64: SQLColumnConvertible {
    /// From `.integer`.
    package static func fromSQL(_ value: SQLValue) -> Int64? {
        if case .integer(let integer) = value { return integer }
        return nil
    }
}

extension Int: SQLColumnConvertible {
    /// From `.integer` (Int is 64 bits on every platform ragd runs on).
    package static func fromSQL(_ value: SQLValue) -> Int? {
        if case .integer(let integer) = value { return Int(exactly: integer) }
        return nil
    }
}

extension Int32: SQLColumnConvertible {
    /// From `.integer` within Int32's range.
    package static func fromSQL(_ value: SQLValue) -> Int32? {
        if case .integer(let integer) = value { return Int32(exactly: integer) }
        return nil
    }
}

extension Double: SQLColumnConvertible {
    /// From `.real`, or from `.integer` because SQLite stores integral REAL values as integers in some cases.
    package static func fromSQL(_ value: SQLValue) -> Double? {
        switch value {
        case .real(let real): return real
        case .integer(let integer): return Double(integer)
        default: return nil
        }
    }
}

extension Bool: SQLColumnConvertible {
    /// From `.integer`: 0 is false, anything else true.
    package static func fromSQL(_ value: SQLValue) -> Bool? {
        if case .integer(let integer) = value { return integer != 0 }
        return nil
    }
}

extension String: SQLColumnConvertible {
    /// From `.text`.
    package static func fromSQL(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }
}

extension Array: SQLColumnConvertible where Element == UInt8 {
    /// From `.blob`.
    package static func fromSQL(_ value: SQLValue) -> [UInt8]? {
        if case .blob(let bytes) = value { return bytes }
        return nil
    }
}

extension Optional: SQLColumnConvertible where Wrapped: SQLColumnConvertible {
    /// `.some(nil)` for NULL, otherwise the wrapped conversion.
    package static func fromSQL(_ value: SQLValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.fromSQL(value).map { .some($0) }
    }
}
