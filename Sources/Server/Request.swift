import HTTP

/// A complete request as handlers see it: the parsed head, the collected body, and what routing and middleware
/// learned about it.
package struct Request: Sendable {
    /// The parsed head.
    package var head: HTTPRequestHead
    /// The body bytes (empty when there is none, or when the route collects bodies in a file).
    package var body: [UInt8]
    /// The temporary file holding the body of a `.file` route; deleted once the handler returns.
    package var bodyFile: String?
    /// The matched route template (`/v1/documents/{id}`), or `unmatched` / `invalid`: a bounded label for metrics.
    package var route: String
    /// Path parameters by template name, percent-decoded.
    package var parameters: [String: String]
    /// The request id (set by `RequestIDMiddleware`).
    package var id: String = ""
    /// The peer address.
    package var remoteAddress: SocketAddress
    /// When the head was complete, on the monotonic clock (nanoseconds).
    package var receivedAt: UInt64

    /// Creates a request.
    package init(head: HTTPRequestHead, body: [UInt8] = [], route: String, parameters: [String: String] = [:],
                 remoteAddress: SocketAddress, receivedAt: UInt64) {
        self.head = head
        self.body = body
        self.route = route
        self.parameters = parameters
        self.remoteAddress = remoteAddress
        self.receivedAt = receivedAt
    }

    /// The method.
    package var method: HTTPMethod { head.method }

    /// The path, without the query string.
    package var path: Substring { head.path }

    /// The first value of header `name`.
    package func header(_ name: String) -> String? { head.headers[name] }

    /// The first value of query parameter `name`, decoded (`+` is a space, `%XX` escapes); nil if absent or not valid
    /// percent-encoding.
    package func query(_ name: String) -> String? {
        guard let query = head.query else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard PercentDecoding.decode(parts[0], plusIsSpace: true) == name else { continue }
            return parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
        }
        return nil
    }
}

/// RFC 3986 percent-decoding into UTF-8 text.
package enum PercentDecoding {
    /// Decodes `text`; nil when an escape is malformed or the result is not valid UTF-8.
    package static func decode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(ASCII.hexValue),
                      let low = iterator.next().flatMap(ASCII.hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(0x20)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
