/// Typed reads: each returns nil for a missing or differently typed value, so input that does not match what the
/// reader expects (a provider's response, a stored config) becomes one clear error at the call site, not a crash.
extension JSONValue {
    /// The string, if this is one.
    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer, if this is an integral number that fits an Int.
    package var integerValue: Int? {
        guard case .number(let number) = self, number == number.rounded(), abs(number) < 9e15 else { return nil }
        return Int(number)
    }

    /// The number, if this is one.
    package var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The elements, if this is an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The element at `index` of an array.
    package func element(_ index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
