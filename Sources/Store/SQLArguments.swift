/// The values bound to one statement: positional (`[a, b]` for `?` parameters) or named (`["id": x]` for `:id`).
///
/// Both literal forms produce this type, so `run`, `query` and `queryOne` each take one `arguments` parameter.
/// `nil` in a literal binds NULL: `[name, nil]`.
package struct SQLArguments: Sendable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    enum Storage: Sendable {
        case positional([SQLValue])
        case named([String: SQLValue])
    }

    let storage: Storage

    /// Positional arguments from an array built at run time.
    package init(_ values: [any SQLBindable]) {
        storage = .positional(values.map(\.sqlValue))
    }

    /// Named arguments; a key may be written with or without its prefix (`"id"` or `":id"`).
    package init(named values: [String: any SQLBindable]) {
        storage = .named(values.mapValues(\.sqlValue))
    }

    /// Positional arguments: `[name, count, nil]`.
    package init(arrayLiteral elements: (any SQLBindable)?...) {
        storage = .positional(elements.map { $0?.sqlValue ?? .null })
    }

    /// Named arguments: `["name": name, ":count": count]`.
    package init(dictionaryLiteral elements: (String, (any SQLBindable)?)...) {
        var values: [String: SQLValue] = [:]
        for (key, value) in elements {
            precondition(values[key] == nil, "argument \(key) given twice")
            values[key] = value?.sqlValue ?? .null
        }
        storage = .named(values)
    }

    /// No arguments.
    package static let none = SQLArguments([])
}
