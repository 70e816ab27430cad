import JSON

/// One JSON record → `key: value` lines. Nested object keys are joined with dots (`author.name: Ada`); arrays of
/// scalars are joined with ", " on one line (`tags: a, b`), arrays holding objects or arrays are indexed
/// (`items[0].sku: X1`). Nulls and empty strings are left out; numbers print as JSON writes them. A scalar record is
/// just its text. Recursion is bounded by the parser's depth limit.
enum JSONRecordFlattener {
    /// The text of `record`, charged line by line to `allowance` (paths repeat on every line, so output can outgrow
    /// the input).
    static func text(of record: JSONValue, allowance: inout TextAllowance) throws(PartitionError) -> String {
        var lines: [String] = []
        try flatten(record, path: "", into: &lines, allowance: &allowance)
        return lines.joined(separator: "\n")
    }

    private static func flatten(_ value: JSONValue, path: String, into lines: inout [String],
                                allowance: inout TextAllowance) throws(PartitionError) {
        switch value {
        case .object(let members):
            for member in members {
                try flatten(member.value, path: path.isEmpty ? member.key : path + "." + member.key, into: &lines,
                            allowance: &allowance)
            }
        case .array(let items):
            if items.allSatisfy(isScalar) {
                let joined = items.compactMap(scalarText).joined(separator: ", ")
                if !joined.isEmpty { try append(joined, path: path, to: &lines, allowance: &allowance) }
            } else {
                for (index, item) in items.enumerated() {
                    try flatten(item, path: path + "[\(index)]", into: &lines, allowance: &allowance)
                }
            }
        default:
            if let text = scalarText(value) { try append(text, path: path, to: &lines, allowance: &allowance) }
        }
    }

    private static func append(_ text: String, path: String, to lines: inout [String],
                               allowance: inout TextAllowance) throws(PartitionError) {
        let line = path.isEmpty ? text : path + ": " + text
        try allowance.consume(line)
        lines.append(line)
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .array: false
        default: true
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): DocumentBuilder.trimmed(text).isEmpty ? nil : text
        case .number, .bool: value.serializedText
        case .null, .object, .array: nil
        }
    }
}
