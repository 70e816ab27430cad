import FoundationEssentials
import HTTP
import Server

/// JSON in and out of handlers: snake_case keys on the wire, camelCase in Swift, and decoding failures turned into
/// 400s that say which field was wrong.
package enum JSONCoding {
    /// The content type of every JSON response.
    package static let contentType = "application/json; charset=utf-8"

    /// Encodes `value` (snake_case keys).
    package static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Only non-finite numbers can fail here, and API types never carry them; this is a programmer error.
            preconditionFailure("JSON encoding failed: \(error)")
        }
    }

    /// A JSON response with `status`.
    package static func response<Value: Encodable>(_ value: Value, status: HTTPStatus = .ok,
                                                   headers: HTTPHeaders = HTTPHeaders()) -> Response {
        Response(status: status, contentType: contentType, bytes: encode(value), headers: headers)
    }

    /// Decodes the request body as `Value`: 415 unless the content type is JSON, 400 for malformed JSON or a wrong
    /// field, with the field's path in `details`.
    package static func decode<Value: Decodable>(_ type: Value.Type, from request: Request) throws(HTTPError) -> Value {
        try requireJSON(request)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(request.body))
        } catch let DecodingError.keyNotFound(key, context) {
            throw invalid("Missing field '\(path(context.codingPath + [key]))'.", field: path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context) {
            throw invalid("Field '\(path(context.codingPath))' has the wrong type.", field: path(context.codingPath))
        } catch let DecodingError.valueNotFound(_, context) {
            throw invalid("Field '\(path(context.codingPath))' must not be null.", field: path(context.codingPath))
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw invalid("Field '\(path(context.codingPath))' is invalid.", field: path(context.codingPath))
        } catch {
            throw HTTPError(.badRequest, code: "invalid_json", message: "The body is not valid JSON.")
        }
    }

    /// Like `decode`, but a body with any field outside `allowed` (snake_case names) is refused with 400: a client
    /// cannot set fields the server owns (`org_id`, `role`, ownership) by adding them — OWASP API3, mass assignment.
    package static func decode<Value: Decodable>(_ type: Value.Type, from request: Request, allowing allowed: Set<String>)
        throws(HTTPError) -> Value {
        let value = try decode(type, from: request)
        let decoder = JSONDecoder()
        if let object = try? decoder.decode([String: AnyJSON].self, from: Data(request.body)) {
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw HTTPError(.badRequest, code: "unknown_field", message: "Field '\(unknown)' is not accepted here.",
                                details: ["field": unknown])
            }
        } else {
            throw HTTPError(.badRequest, code: "invalid_request", message: "The body must be a JSON object.")
        }
        return value
    }

    private static func invalid(_ message: String, field: String) -> HTTPError {
        HTTPError(.badRequest, code: "invalid_request", message: message, details: ["field": field])
    }

    /// `documents[2].title`-style path with the wire (snake_case) names.
    private static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + snakeCase(key.stringValue)
            }
        }
        return text.isEmpty ? "(body)" : text
    }

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Any JSON value, read and thrown away (to list an object's keys).
private struct AnyJSON: Decodable {
    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            while !array.isAtEnd { _ = try array.decode(AnyJSON.self) }
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            for key in object.allKeys { _ = try object.decode(AnyJSON.self, forKey: key) }
        } else {
            _ = try decoder.singleValueContainer()
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
