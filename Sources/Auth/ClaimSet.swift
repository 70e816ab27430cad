import JSON
/// Typed reads of a verified JWT payload; any claim that is absent, of the wrong type or empty is `missingClaim`.
struct ClaimSet {
    /// Largest NumericDate accepted (year ~33658): beyond it `Int64` conversion and date arithmetic stay exact.
    private static let maxNumericDate = 1e12

    let members: [String: JSONValue]

    /// The non-empty string claim `name`.
    func string(_ name: String) throws(TokenError) -> String {
        guard case .string(let value)? = members[name], !value.isEmpty else { throw .missingClaim(name) }
        return value
    }

    /// Whether the claim `name` is exactly the string `expected`; absent is `missingClaim`, any other value false.
    func holds(_ expected: String, in name: String) throws(TokenError) -> Bool {
        guard let value = members[name] else { throw .missingClaim(name) }
        return value == .string(expected)
    }

    /// The NumericDate claim `name` (RFC 7519 §2: a JSON number of seconds, possibly fractional), floored.
    func numericDate(_ name: String) throws(TokenError) -> Int64 {
        guard case .number(let value)? = members[name], abs(value) <= Self.maxNumericDate else {
            throw .missingClaim(name)
        }
        return Int64(value.rounded(.down))
    }

    /// Whether the audience claim `name` is `audience` or an array containing it (RFC 7519 §4.1.3). Absent is
    /// `missingClaim`.
    func names(_ audience: String, in name: String) throws(TokenError) -> Bool {
        switch members[name] {
        case nil: throw .missingClaim(name)
        case .string(let value)?: return value == audience
        case .array(let values)?: return values.contains(.string(audience))
        default: return false
        }
    }
}
