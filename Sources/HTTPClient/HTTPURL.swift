#if canImport(Glibc)
import Glibc
#endif

/// An absolute `http://` or `https://` URL reduced to what a request needs: scheme, host, port and the origin-form
/// target (path and query). Fragments are dropped; user information, other schemes, and characters that are not
/// visible ASCII are rejected rather than guessed at.
package struct HTTPURL: Sendable, Hashable, CustomStringConvertible {
    /// The two schemes the client speaks.
    package enum Scheme: String, Sendable, Hashable {
        case http, https

        /// 80 or 443.
        package var defaultPort: Int { self == .http ? 80 : 443 }
    }

    /// The scheme.
    package let scheme: Scheme
    /// The host, lower-cased; an IPv6 literal without its brackets.
    package let host: String
    /// The port (explicit or the scheme's default).
    package let port: Int
    /// The request target: the path (at least `/`) and the query.
    package let target: String

    /// Parses `text`; throws `invalid_url` saying what is wrong.
    package init(_ text: String) throws(HTTPClientError) {
        func invalid(_ reason: String) -> HTTPClientError {
            // A URL with user information may carry a password: then it is not quoted.
            let quoted = text.contains("@") ? "The URL" : "'\(text)'"
            return HTTPClientError(.invalidURL, "\(quoted) is not a usable URL: \(reason).")
        }
        guard let separator = text.firstRange(of: "://") else { throw invalid("it needs http:// or https://") }
        guard let scheme = Scheme(rawValue: text[..<separator.lowerBound].lowercased()) else {
            throw invalid("only http:// and https:// are supported")
        }
        var rest = text[separator.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard rest.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw invalid("it contains spaces, control or non-ASCII characters")
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.contains("@") else { throw invalid("credentials in URLs are not supported") }
        let (host, portText) = try Self.split(authority: authority, invalid: invalid)
        var port = scheme.defaultPort
        if let portText {
            guard let value = Int(portText), (1...65_535).contains(value), portText.allSatisfy(\.isNumber) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = value
        }
        let path = rest[authorityEnd...]
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = path.hasPrefix("/") ? String(path) : "/" + path
    }

    /// Splits `host[:port]` or `[v6]:port`, validating the host.
    private static func split(authority: Substring, invalid: (String) -> HTTPClientError)
        throws(HTTPClientError) -> (String, Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("an IPv6 address lacks its ']'") }
            let literal = String(authority[authority.index(after: authority.startIndex)..<close])
            var address = in6_addr()
            guard inet_pton(AF_INET6, literal, &address) == 1 else { throw invalid("'\(literal)' is not an IPv6 address") }
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 address") }
            return (literal.lowercased(), after.isEmpty ? nil : after.dropFirst())
        }
        let colon = authority.lastIndex(of: ":")
        let host = colon.map { authority[..<$0] } ?? authority
        guard !host.isEmpty else { throw invalid("it has no host") }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
            throw invalid("the host may only hold letters, digits, '-', '.' and '_'")
        }
        return (host.lowercased(), colon.map { authority[authority.index(after: $0)...] })
    }

    /// Whether the host is an IPv6 literal.
    package var isIPv6Literal: Bool { host.contains(":") }

    /// Whether the host is an IPv4 or IPv6 literal (no DNS lookup, no SNI, certificate checked against the address).
    package var isIPLiteral: Bool {
        var v4 = in_addr()
        return isIPv6Literal || inet_pton(AF_INET, host, &v4) == 1
    }

    /// `host[:port]` as the `Host` header wants it: brackets around IPv6, the port only when not the default.
    package var authority: String {
        let name = isIPv6Literal ? "[\(host)]" : host
        return port == scheme.defaultPort ? name : "\(name):\(port)"
    }

    /// This URL with `suffix` appended to its path, before the query: `https://h/v1` + `/chat/completions` →
    /// `https://h/v1/chat/completions` (a base URL's trailing slash is not doubled).
    package func appendingPath(_ suffix: String) -> HTTPURL {
        let queryStart = target.firstIndex(of: "?") ?? target.endIndex
        var path = String(target[..<queryStart])
        if path.hasSuffix("/") && suffix.hasPrefix("/") { path.removeLast() }
        if !path.hasSuffix("/") && !suffix.hasPrefix("/") { path += "/" }
        return HTTPURL(scheme: scheme, host: host, port: port, target: path + suffix + target[queryStart...])
    }

    private init(scheme: Scheme, host: String, port: Int, target: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.target = target
    }

    /// `scheme://authority/target`.
    package var description: String { "\(scheme.rawValue)://\(authority)\(target)" }
}
