/// How a response's content is delimited on the wire.
package enum HTTPResponseFraming: Sendable, Equatable {
    /// `Content-Length: n` (also used for HEAD, which announces the length but sends nothing).
    case contentLength(Int)
    /// `Transfer-Encoding: chunked` (HTTP/1.1 streaming).
    case chunked
    /// No length: content ends when the connection closes (streaming to an HTTP/1.0 client).
    case untilClose
    /// No content and no length field (1xx, 204, 304).
    case none
}

/// Writes response heads and chunk framing into a byte buffer; never reads a clock or a socket.
package enum HTTPResponseSerializer {
    /// The interim response sent before reading a body announced with `Expect: 100-continue`.
    package static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The terminating zero-size chunk with an empty trailer section.
    package static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Appends the status line and header section.
    ///
    /// - Parameters:
    ///   - keepAlive: whether the connection stays open; `Connection: close` is written when it does not, and
    ///     `Connection: keep-alive` when it does for an HTTP/1.0 client (whose default is to close).
    ///   - date: the IMF-fixdate for the `Date` field (RFC 9110 §6.6.1: origin servers with a clock must send it).
    package static func writeHead(
        status: HTTPStatus,
        headers: HTTPHeaders,
        framing: HTTPResponseFraming,
        keepAlive: Bool,
        requestVersion: HTTPVersion,
        date: [UInt8],
        into out: inout [UInt8]
    ) {
        out.append(contentsOf: statusLine(status))
        out.append(contentsOf: datePrefix)
        out.append(contentsOf: date)
        out.append(contentsOf: crlf)
        for field in headers {
            appendSanitized(field.name, into: &out)
            out.append(contentsOf: colonSpace)
            appendSanitized(field.value, into: &out)
            out.append(contentsOf: crlf)
        }
        switch framing {
        case .contentLength(let length):
            out.append(contentsOf: contentLengthPrefix)
            appendDecimal(length, into: &out)
            out.append(contentsOf: crlf)
        case .chunked:
            out.append(contentsOf: chunkedField)
        case .untilClose, .none:
            break
        }
        if !keepAlive {
            out.append(contentsOf: connectionClose)
        } else if requestVersion == .http1_0 {
            out.append(contentsOf: connectionKeepAlive)
        }
        out.append(contentsOf: crlf)
    }

    /// Appends one chunk (`size-in-hex CRLF data CRLF`); an empty piece is skipped because it would end the body.
    package static func writeChunk<Bytes: Collection<UInt8>>(_ data: Bytes, into out: inout [UInt8]) {
        guard !data.isEmpty else { return }
        appendHex(data.count, into: &out)
        out.append(contentsOf: crlf)
        out.append(contentsOf: data)
        out.append(contentsOf: crlf)
    }

    /// Appends `n` in decimal without going through String.
    package static func appendDecimal(_ value: Int, into out: inout [UInt8]) {
        precondition(value >= 0)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func appendHex(_ value: Int, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4
        if shift == 0 { out.append(hex[0]); return }
        while shift > 0 {
            shift -= 4
            out.append(hex[(value >> shift) & 0xF])
        }
    }

    /// Field names and values are written byte for byte except CR, LF, NUL and other controls, which become spaces:
    /// a value built from user input can never split the response or inject a header.
    private static func appendSanitized(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte < 0x20 && byte != 0x09 || byte == 0x7F ? 0x20 : byte)
        }
    }

    private static func statusLine(_ status: HTTPStatus) -> [UInt8] {
        if let cached = commonStatusLines[status.code] { return cached }
        return Array("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n".utf8)
    }

    private static let commonStatusLines: [Int: [UInt8]] = Dictionary(uniqueKeysWithValues:
        [200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 408, 409, 413, 414, 415, 422, 429, 431, 500, 502, 503, 504]
            .map { ($0, Array("HTTP/1.1 \($0) \(HTTPStatus($0).reasonPhrase)\r\n".utf8)) })
    private static let crlf: [UInt8] = [0x0D, 0x0A]
    private static let colonSpace: [UInt8] = [0x3A, 0x20]
    private static let datePrefix: [UInt8] = Array("Date: ".utf8)
    private static let contentLengthPrefix: [UInt8] = Array("Content-Length: ".utf8)
    private static let chunkedField: [UInt8] = Array("Transfer-Encoding: chunked\r\n".utf8)
    private static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)
}
