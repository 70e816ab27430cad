/// A JSON value (RFC 8259): built in code (the OpenAPI description, JWT claims) or read by `JSONParser`. Object
/// members keep their order, so output reads like the source and parsed documents can be checked field by field;
/// `JSONParser` rejects duplicate names, so an object is also a faithful dictionary (`objectValue`).
package enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral {
    case string(String)
    /// Every JSON number; integral values up to 2^53 are exact and print without a fraction.
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    /// Members in order.
    case object([(key: String, value: JSONValue)])
    case null

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.null, .null): true
        default: false
        }
    }

    /// The value under `key` of an object.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The members of an object in order; nil for other values.
    package var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The members of an object by name (the first of repeated names, which parsed documents never have).
    package var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The compact JSON text.
    package var serializedText: String { String(decoding: serialized(), as: UTF8.self) }

    /// Compact JSON text with object members in the order given (RFC 8259 escaping; non-finite numbers as null).
    package func serialized() -> [UInt8] {
        var writer = JSONWriter()
        writer.value(self)
        return writer.bytes
    }
}
