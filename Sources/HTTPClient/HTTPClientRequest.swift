import HTTP

/// One outbound request. The client adds `Host`, `User-Agent` (unless given), `Content-Length` and `Connection`.
package struct HTTPClientRequest: Sendable {
    /// The method.
    package var method: HTTPMethod
    /// Where to send it.
    package var url: HTTPURL
    /// Extra header fields (`Authorization`, `Content-Type`, `Accept`, ...).
    package var headers: HTTPHeaders
    /// The body, sent with `Content-Length`.
    package var body: [UInt8]

    /// Creates a request.
    package init(method: HTTPMethod = .get, url: HTTPURL, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// Writes a request head and body as HTTP/1.1 bytes.
enum HTTPRequestSerializer {
    /// Fields the client owns: a caller setting them would contradict the framing or the connection handling.
    static let managedFields = ["host", "content-length", "transfer-encoding", "connection"]

    /// The request on the wire. Throws `invalid_request` for a field that would break the message — a CR or LF in a
    /// value (an API key pasted with its newline must not inject header lines) or a field the client manages.
    static func serialize(_ request: HTTPClientRequest, userAgent: String) throws(HTTPClientError) -> [UInt8] {
        var head = "\(request.method) \(request.url.target) HTTP/1.1\r\nHost: \(request.url.authority)\r\n"
        if !request.headers.contains("user-agent") { head += "User-Agent: \(userAgent)\r\n" }
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(ASCII.isTokenCharacter) else {
                throw HTTPClientError(.invalidRequest, "'\(field.name)' is not a valid header name.")
            }
            guard field.value.utf8.allSatisfy(ASCII.isFieldValueCharacter) else {
                throw HTTPClientError(.invalidRequest, "The value of header '\(field.name)' contains control "
                                      + "characters (a line break pasted with a key?).")
            }
            guard !managedFields.contains(where: { HTTPHeaders.namesEqual($0, field.name) }) else {
                throw HTTPClientError(.invalidRequest, "Header '\(field.name)' is set by the client itself.")
            }
            head += "\(field.name): \(field.value)\r\n"
        }
        // A body-less GET or HEAD sends no length; everything else states it, even when it is zero (RFC 9110 §8.6).
        if !request.body.isEmpty || !(request.method == .get || request.method == .head) {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        head += "Connection: keep-alive\r\n\r\n"
        return Array(head.utf8) + request.body
    }
}
