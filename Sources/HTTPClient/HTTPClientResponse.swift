import HTTP
import JSON

/// A complete (buffered) 2xx response.
package struct HTTPClientResponse: Sendable {
    /// Status line and headers.
    package var head: HTTPResponseHead
    /// The whole body.
    package var body: [UInt8]

    /// The status code.
    package var status: Int { head.status }

    /// The header fields.
    package var headers: HTTPHeaders { head.headers }

    /// The body parsed as JSON, or nil when it is not one valid JSON document.
    package var json: JSONValue? { JSONParser.parse(body) }
}
