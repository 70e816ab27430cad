/// A request method. The common ones are cases so routing and logging never allocate; any other RFC 9110 token is
/// kept as written in `.other` (methods are case-sensitive).
package enum HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    case get, head, post, put, patch, delete, options, connect, trace
    case other(String)

    /// The method as it appears on the wire.
    package var description: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .patch: "PATCH"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .connect: "CONNECT"
        case .trace: "TRACE"
        case .other(let token): token
        }
    }

    /// Creates the method from its wire spelling (a token; validated by the parser, not here).
    package init(_ token: String) {
        switch token {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "PATCH": self = .patch
        case "DELETE": self = .delete
        case "OPTIONS": self = .options
        case "CONNECT": self = .connect
        case "TRACE": self = .trace
        default: self = .other(token)
        }
    }
}
