/// The HTTP/1.x versions the server speaks. Anything else is answered with 505 by the parser.
package enum HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    case http1_0
    case http1_1

    /// The version as it appears on the wire.
    package var description: String {
        switch self {
        case .http1_0: "HTTP/1.0"
        case .http1_1: "HTTP/1.1"
        }
    }
}
