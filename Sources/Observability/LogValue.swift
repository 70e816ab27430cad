/// A log field's value: the JSON scalars. Literals convert implicitly, so fields read `("status", 200)`.
package enum LogValue: Sendable, Equatable {
    /// A JSON string (escaped, and truncated past the encoder's limit).
    case string(String)
    /// A JSON integer.
    case int(Int)
    /// A JSON number; NaN and infinities are written as `null`, which is all JSON can say about them.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

extension LogValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A string value from a literal.
    package init(stringLiteral value: String) { self = .string(value) }
}

extension LogValue: ExpressibleByIntegerLiteral {
    /// An integer value from a literal.
    package init(integerLiteral value: Int) { self = .int(value) }
}

extension LogValue: ExpressibleByFloatLiteral {
    /// A number value from a literal.
    package init(floatLiteral value: Double) { self = .double(value) }
}

extension LogValue: ExpressibleByBooleanLiteral {
    /// A boolean value from a literal.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension LogValue: ExpressibleByNilLiteral {
    /// `null` from `nil`.
    package init(nilLiteral: ()) { self = .null }
}
