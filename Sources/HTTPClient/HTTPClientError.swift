/// Why an outbound request failed. `code` is stable snake_case for logs, metrics and tests; `message` says what
/// happened in words, naming the host (never a credential).
package struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure, each with its stable code.
    package enum Kind: String, Sendable, Equatable {
        case invalidURL = "invalid_url"
        case invalidRequest = "invalid_request"
        case connectFailed = "connect_failed"
        case connectTimeout = "connect_timeout"
        case readTimeout = "read_timeout"
        case writeTimeout = "write_timeout"
        /// The server closed or reset the connection before the response was complete.
        case connectionClosed = "connection_closed"
        case tlsFailed = "tls_failed"
        case certificateInvalid = "certificate_invalid"
        case protocolError = "protocol_error"
        case responseTooLarge = "response_too_large"
        case cancelled
        case circuitOpen = "circuit_open"
        /// A complete response with a status other than 2xx (after any retries).
        case httpStatus = "http_status"
        /// The caller's streaming callback threw; the request was aborted.
        case consumerFailed = "consumer_failed"
    }

    /// What went wrong.
    package let kind: Kind
    /// A human-readable explanation.
    package let message: String
    /// The response status, for `http_status`.
    package var status: Int?
    /// The start of the response body, for `http_status` (at most `HTTPClientError.excerptLength` characters).
    package var bodyExcerpt: String?
    /// The server's `Retry-After` in seconds, when it sent one.
    package var retryAfter: Double?

    /// Creates an error.
    package init(_ kind: Kind, _ message: String, status: Int? = nil, bodyExcerpt: String? = nil,
                 retryAfter: Double? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.bodyExcerpt = bodyExcerpt
        self.retryAfter = retryAfter
    }

    /// Characters of an error response's body kept in `bodyExcerpt`.
    package static let excerptLength = 300

    /// The stable snake_case code.
    package var code: String { kind.rawValue }

    /// Whether a deadline ran out (connect, read or write).
    package var isTimeout: Bool { kind == .connectTimeout || kind == .readTimeout || kind == .writeTimeout }

    package var description: String { "\(code): \(message)" }

    /// The request was cancelled by the caller.
    static let cancelled = HTTPClientError(.cancelled, "The request was cancelled.")
}
