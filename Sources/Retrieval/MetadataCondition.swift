import JSON

/// One `metadata.<path>` condition of a filter.
package struct MetadataCondition: Sendable, Equatable {
    /// Object keys from the metadata root.
    package var path: [String]
    package var predicate: MetadataPredicate
}

/// A test on one metadata value. Comparisons (`$gt`…) order numbers numerically and strings by their UTF-8 bytes
/// (so ISO dates compare as dates); values of different types never compare, and a missing value fails everything
/// but `$ne`, `$nin` and `$exists: false`.
package indirect enum MetadataPredicate: Sendable, Equatable {
    case equals(JSONValue)
    case notEquals(JSONValue)
    case anyOf([JSONValue])
    case noneOf([JSONValue])
    case compare(Comparison, JSONValue)
    case exists(Bool)
    case all([MetadataPredicate])

    /// Ordering operators.
    package enum Comparison: String, Sendable {
        case greater = "$gt", greaterOrEqual = "$gte", less = "$lt", lessOrEqual = "$lte"
    }

    init(_ value: JSONValue, field: String) throws(SearchFilterError) {
        switch value {
        case .string, .number, .bool: self = .equals(value)
        case .null: self = .exists(false)
        case .array(let values):
            try Self.checkList(values, field: field)
            self = .anyOf(values)
        case .object(let members):
            guard !members.isEmpty else { throw .init(field: field, reason: "needs an operator") }
            var parts: [MetadataPredicate] = []
            for (name, operand) in members {
                let operatorField = "\(field).\(name)"
                switch name {
                case "$eq": parts.append(.equals(try Self.scalar(operand, field: operatorField)))
                case "$ne": parts.append(.notEquals(try Self.scalar(operand, field: operatorField)))
                case "$in", "$nin":
                    guard case .array(let values) = operand else {
                        throw .init(field: operatorField, reason: "must be a list")
                    }
                    try Self.checkList(values, field: operatorField)
                    parts.append(name == "$in" ? .anyOf(values) : .noneOf(values))
                case "$gt", "$gte", "$lt", "$lte":
                    guard case .bool = operand else {
                        parts.append(.compare(Comparison(rawValue: name)!, try Self.scalar(operand, field: operatorField)))
                        continue
                    }
                    throw .init(field: operatorField, reason: "must be a number or a string")
                case "$exists":
                    guard case .bool(let flag) = operand else { throw .init(field: operatorField, reason: "must be a boolean") }
                    parts.append(.exists(flag))
                default:
                    throw .init(field: operatorField, reason: "unknown operator; use $eq $ne $in $nin $gt $gte $lt $lte $exists")
                }
            }
            self = parts.count == 1 ? parts[0] : .all(parts)
        }
    }

    /// Whether `value` (nil when the document has no such key) passes.
    func holds(for value: JSONValue?) -> Bool {
        switch self {
        case .equals(let expected): return value.map { Self.matches($0, expected) } ?? false
        case .notEquals(let expected): return !(value.map { Self.matches($0, expected) } ?? false)
        case .anyOf(let options): return value.map { stored in options.contains { Self.matches(stored, $0) } } ?? false
        case .noneOf(let options): return !(value.map { stored in options.contains { Self.matches(stored, $0) } } ?? false)
        case .compare(let comparison, let bound):
            guard let value, let order = Self.order(value, bound) else { return false }
            switch comparison {
            case .greater: return order > 0
            case .greaterOrEqual: return order >= 0
            case .less: return order < 0
            case .lessOrEqual: return order <= 0
            }
        case .exists(let flag): return (value != nil && value != .null) == flag
        case .all(let parts): return parts.allSatisfy { $0.holds(for: value) }
        }
    }

    /// Equality, where a stored list matches when any element does (tags: ["hr", "legal"] matches "hr").
    private static func matches(_ stored: JSONValue, _ expected: JSONValue) -> Bool {
        if case .array(let elements) = stored { return elements.contains { $0 == expected } }
        return stored == expected
    }

    /// −1, 0, 1 for comparable values of the same type; nil otherwise.
    private static func order(_ a: JSONValue, _ b: JSONValue) -> Int? {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : x == y ? 0 : 1
        default: return nil
        }
    }

    private static func scalar(_ value: JSONValue, field: String) throws(SearchFilterError) -> JSONValue {
        switch value {
        case .string, .number, .bool: return value
        default: throw .init(field: field, reason: "must be a string, number or boolean")
        }
    }

    private static func checkList(_ values: [JSONValue], field: String) throws(SearchFilterError) {
        guard values.count <= SearchFilter.maxListValues else {
            throw .init(field: field, reason: "at most \(SearchFilter.maxListValues) values")
        }
        for value in values { _ = try scalar(value, field: field) }
    }
}
