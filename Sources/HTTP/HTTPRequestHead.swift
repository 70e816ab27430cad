/// How a request's body is delimited (RFC 9112 §6.3).
package enum HTTPBodyFraming: Sendable, Equatable {
    /// No body.
    case none
    /// Exactly this many bytes (> 0) follow the head.
    case length(Int)
    /// Chunked transfer coding, ended by a zero-size chunk and optional trailers.
    case chunked
}

/// A parsed and validated request line plus header section.
package struct HTTPRequestHead: Sendable, Equatable {
    /// The request method.
    package var method: HTTPMethod
    /// The request-target exactly as sent (origin-form `/path?query`, absolute-form, `*` or authority-form).
    package var target: String
    /// The protocol version.
    package var version: HTTPVersion
    /// The header fields in arrival order.
    package var headers: HTTPHeaders
    /// How the body is delimited.
    package var framing: HTTPBodyFraming
    /// Whether the client wants the connection kept open after the response (version default plus `Connection`).
    package var keepAlive: Bool
    /// Whether the client sent `Expect: 100-continue` and waits for an interim response before sending the body.
    package var expectsContinue: Bool

    /// Creates a head (the parser builds validated ones; tests and the server build stand-ins).
    package init(method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders,
                 framing: HTTPBodyFraming, keepAlive: Bool, expectsContinue: Bool) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// The path part of the target (without query), `*` for asterisk-form; absolute-form targets yield their path.
    package var path: Substring {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        return rest.firstIndex(of: "?").map { rest[..<$0] } ?? rest
    }

    /// The raw query string after `?`, if any.
    package var query: Substring? {
        target.firstIndex(of: "?").map { target[target.index(after: $0)...] }
    }
}
