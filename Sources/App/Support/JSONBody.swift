import HTTP
import JSON
import Server

/// A JSON object read with ragd's strict parser (duplicate keys, bad UTF-8 and deep nesting refused), for bodies
/// that carry free-form JSON — knowledge-base configs, document metadata — where `Codable` would lose the detail.
/// Every failure is a 400 naming the field (`documents[2].metadata`).
struct JSONBody {
    let members: [String: JSONValue]
    /// The object's path in the body, for error messages ("" at the top).
    let path: String

    /// The body of `request`: 415 unless JSON, 400 unless an object whose fields are all in `allowed`.
    init(_ request: Request, allowing allowed: Set<String>) throws(HTTPError) {
        try JSONCoding.requireJSON(request)
        try self.init(bytes: request.body, allowing: allowed)
    }

    /// An object parsed from `bytes`.
    init(bytes: [UInt8], allowing allowed: Set<String>, maxDepth: Int = 32) throws(HTTPError) {
        guard let value = JSONParser.parse(bytes, maxDepth: maxDepth) else {
            throw HTTPError(.badRequest, code: "invalid_json", message: "The body is not valid JSON (or nests too deeply).")
        }
        try self.init(value, path: "", allowing: allowed)
    }

    /// The object `value` found at `path`.
    init(_ value: JSONValue, path: String, allowing allowed: Set<String>) throws(HTTPError) {
        guard let members = value.objectValue else {
            throw Self.invalid(path.isEmpty ? "The body must be a JSON object." : "\(path) must be an object.",
                               field: path.isEmpty ? "(body)" : path)
        }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            let field = Self.join(path, unknown)
            throw HTTPError(.badRequest, code: "unknown_field", message: "Field '\(field)' is not accepted here.",
                            details: ["field": field])
        }
        self.members = members
        self.path = path
    }

    /// The value of `key`, nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    /// A string field; `required` makes absence an error.
    func string(_ key: String, required: Bool = false) throws(HTTPError) -> String? {
        guard let value = value(key) else {
            if required { throw Self.invalid("Missing field '\(field(key))'.", field: field(key)) }
            return nil
        }
        guard case .string(let text) = value else {
            throw Self.invalid("Field '\(field(key))' must be a string.", field: field(key))
        }
        return text
    }

    /// An array field.
    func array(_ key: String) throws(HTTPError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else {
            throw Self.invalid("Field '\(field(key))' must be an array.", field: field(key))
        }
        return items
    }

    /// A boolean field.
    func bool(_ key: String) throws(HTTPError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else {
            throw Self.invalid("Field '\(field(key))' must be true or false.", field: field(key))
        }
        return flag
    }

    /// An integer field within `range`.
    func integer(_ key: String, in range: ClosedRange<Int>) throws(HTTPError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.rounded() == number, let integer = Int(exactly: number),
              range.contains(integer) else {
            throw Self.invalid("Field '\(field(key))' must be an integer from \(range.lowerBound) to \(range.upperBound).",
                               field: field(key))
        }
        return integer
    }

    /// A number field within `range`.
    func number(_ key: String, in range: ClosedRange<Double>) throws(HTTPError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, range.contains(number) else {
            throw Self.invalid("Field '\(field(key))' must be a number from \(range.lowerBound) to \(range.upperBound).",
                               field: field(key))
        }
        return number
    }

    /// A string field that must be one of `choices`.
    func choice(_ key: String, of choices: [String]) throws(HTTPError) -> String? {
        guard let text = try string(key) else { return nil }
        guard choices.contains(text) else {
            throw Self.invalid("Field '\(field(key))' must be one of \(choices.joined(separator: ", ")).", field: field(key))
        }
        return text
    }

    /// A nested object field whose keys must be in `allowed`.
    func object(_ key: String, allowing allowed: Set<String>) throws(HTTPError) -> JSONBody? {
        guard let value = value(key) else { return nil }
        return try JSONBody(value, path: field(key), allowing: allowed)
    }

    func field(_ key: String) -> String { Self.join(path, key) }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    static func invalid(_ message: String, field: String) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_request", message: message, details: ["field": field])
    }
}

extension JSONCoding {
    /// 415 unless the request declares a JSON body.
    static func requireJSON(_ request: Request) throws(HTTPError) {
        let contentType = request.header("Content-Type")?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw HTTPError(.unsupportedMediaType, code: "unsupported_media_type",
                            message: "Send the body as application/json.")
        }
    }

    /// A response with a JSON value built by hand (bodies holding free-form JSON such as configs and metadata).
    static func response(json: JSONValue, status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders()) -> Response {
        Response(status: status, contentType: contentType, bytes: json.serialized(), headers: headers)
    }

    /// `{"data": [...], "next_cursor": …}` built by hand.
    static func list(_ items: [JSONValue], next: Int64?) -> Response {
        response(json: ["data": .array(items), "next_cursor": Pagination.encode(next).map(JSONValue.string) ?? .null])
    }
}
