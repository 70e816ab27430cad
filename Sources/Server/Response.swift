import HTTP

/// Produces a streamed body on a worker thread, writing pieces through the `StreamWriter`; the stream ends when it
/// returns. Writes throw once the client is gone, which is how a disconnect cancels the work.
package typealias StreamProducer = @Sendable (StreamWriter) throws -> Void

/// A response body: bytes known up front, or a stream.
package enum ResponseBody: Sendable {
    case bytes([UInt8])
    case stream(StreamProducer)

    /// The byte count of a fixed body; nil for a stream.
    package var count: Int? {
        if case .bytes(let bytes) = self { bytes.count } else { nil }
    }
}

/// A response as handlers build it. The server adds `Date`, `Content-Length` or chunking, and `Connection`.
package struct Response: Sendable {
    /// The status.
    package var status: HTTPStatus
    /// Header fields, without framing fields (the server writes those).
    package var headers: HTTPHeaders
    /// The body.
    package var body: ResponseBody

    /// Creates a response.
    package init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: ResponseBody = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with a fixed body of `contentType`.
    package init(status: HTTPStatus, contentType: String, bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) {
        var headers = headers
        headers.set("Content-Type", contentType)
        self.init(status: status, headers: headers, body: .bytes(bytes))
    }
}

/// An error that carries its own HTTP status: what the router (404, 405), the connection (400, 408, 413, 431) and
/// the worker pool (503) throw into the middleware chain, and what handlers may throw directly.
package struct HTTPError: Error, Sendable, Equatable {
    /// The status to answer with.
    package var status: HTTPStatus
    /// A stable snake_case code for the JSON error body.
    package var code: String
    /// A human-readable message.
    package var message: String
    /// Extra response fields (`Allow`, `Retry-After`).
    package var headers: HTTPHeaders
    /// Optional machine-readable context for the error body's `details` (e.g. the offending field).
    package var details: [String: String]

    /// Creates an error.
    package init(_ status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = HTTPHeaders(),
                 details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details
    }

    /// The error for a parse failure.
    package init(_ parseError: HTTPParseError) {
        self.init(parseError.status, code: parseError.code, message: parseError.message)
    }

    /// 404 for a path no route matches.
    package static let notFound = HTTPError(.notFound, code: "not_found", message: "No such resource.")
    /// 408 for a client too slow to send its request.
    package static let requestTimeout = HTTPError(.requestTimeout, code: "request_timeout",
                                                  message: "The request was not received in time.")
    /// 413 for a body over the route's limit.
    package static let bodyTooLarge = HTTPError(HTTPParseError.bodyTooLarge)
    /// 400 for a path that is not valid percent-encoded UTF-8.
    package static let invalidPath = HTTPError(.badRequest, code: "invalid_path",
                                               message: "The request path is not valid percent-encoded UTF-8.")
}
