/// A parsed response status line plus header section.
package struct HTTPResponseHead: Sendable, Equatable {
    /// The protocol version the server answered with.
    package var version: HTTPVersion
    /// The three-digit status code.
    package var status: Int
    /// The reason phrase as sent (informational only).
    package var reason: String
    /// The header fields in arrival order.
    package var headers: HTTPHeaders
    /// How the body is delimited (`.none` also for HEAD responses, whose length describes a body never sent).
    package var framing: HTTPResponseFraming
    /// Whether the connection may carry another request after this response's body.
    package var keepAlive: Bool

    /// Creates a head (the parser builds validated ones; tests build stand-ins).
    package init(version: HTTPVersion, status: Int, reason: String, headers: HTTPHeaders,
                 framing: HTTPResponseFraming, keepAlive: Bool) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
    }

    /// Whether the status is 2xx.
    package var isSuccess: Bool { (200..<300).contains(status) }
}
