/// Why a response could not be parsed. Field, chunk and size errors are the request parser's own cases
/// (`HTTPParseError`), because both directions share the same field-line and chunk-line grammar.
package enum HTTPResponseParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The status line is longer than `HTTPLimits.maxHeaderLineBytes`.
    case statusLineTooLong
    /// The status line is not `HTTP/1.x NNN [reason]`.
    case invalidStatusLine
    /// The server answered with a version other than HTTP/1.0 or HTTP/1.1.
    case unsupportedVersion
    /// 101 Switching Protocols, which a client that never asks for an upgrade cannot follow.
    case unexpectedUpgrade
    /// More interim (1xx) responses than `HTTPResponseParser.maxInformationalResponses` before the final one.
    case tooManyInformationalResponses
    /// The input ended before the message did.
    case truncated
    /// A header, trailer, chunk or size rule was broken.
    case message(HTTPParseError)

    package var description: String {
        switch self {
        case .statusLineTooLong: "the status line is too long"
        case .invalidStatusLine: "the status line is malformed"
        case .unsupportedVersion: "the server does not speak HTTP/1.0 or HTTP/1.1"
        case .unexpectedUpgrade: "the server switched protocols unasked"
        case .tooManyInformationalResponses: "too many interim (1xx) responses"
        case .truncated: "the connection ended before the response was complete"
        // The request parser's messages speak of requests; the stable code says what broke either way.
        case .message(let error): "the response is malformed (\(error.code))"
        }
    }
}
