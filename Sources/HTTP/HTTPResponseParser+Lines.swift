/// A complete line inside the response parser's buffer.
struct ResponseLine {
    /// The content without CR/LF.
    var content: Range<Int>
    /// Bytes consumed including the line end.
    var consumed: Int

    var isEmpty: Bool { content.isEmpty }
}

extension HTTPResponseParser {
    /// Takes the next line if it is complete (LF-terminated, an optional CR before the LF dropped).
    ///
    /// A line may hold at most `lineLimit` content bytes and, if `sectionRemaining` is given, consume at most that many
    /// bytes with its line end. A partial line of `p` bytes is rejected as soon as it certainly breaks a limit — the
    /// content at `p ≥ lineLimit + 2` (one byte may be a CR), the section at `p ≥ sectionRemaining` (an LF must still
    /// follow) — and a complete line first gets the same check, so the reported error never depends on how the bytes
    /// were split.
    mutating func takeLine(lineLimit: Int, sectionRemaining: Int?,
                           tooLong: HTTPResponseParseError) throws(HTTPResponseParseError) -> ResponseLine? {
        let lineTrip = lineLimit + 2
        let sectionTrip = sectionRemaining ?? Int.max
        let breach: HTTPResponseParseError = lineTrip <= sectionTrip ? tooLong : .message(.headerSectionTooLarge)
        guard let newline = input.nextLineFeed() else {
            if input.count >= min(lineTrip, sectionTrip) { throw breach }
            return nil
        }
        let start = input.readIndex
        let raw = newline - start
        if raw >= min(lineTrip, sectionTrip) { throw breach }
        let end = raw > 0 && input.bytes[newline - 1] == 0x0D ? newline - 1 : newline
        if end - start > lineLimit { throw tooLong }
        if raw + 1 > sectionTrip { throw .message(.headerSectionTooLarge) }
        input.readIndex = newline + 1
        return ResponseLine(content: start..<end, consumed: raw + 1)
    }

    /// The next line of a header or trailer section, counted against the section's size limit.
    mutating func takeFieldLine() throws(HTTPResponseParseError) -> ResponseLine? {
        let line = try takeLine(lineLimit: limits.maxHeaderLineBytes,
                                sectionRemaining: limits.maxHeaderBytes - sectionBytes,
                                tooLong: .message(.headerLineTooLong))
        if let line { sectionBytes += line.consumed }
        return line
    }

    /// Validates one field line and appends it to the section being read (head or trailers).
    mutating func addField(in line: ResponseLine) throws(HTTPResponseParseError) {
        sectionCount += 1
        if sectionCount > limits.maxHeaderCount { throw .message(.tooManyHeaders) }
        let field = try input.withBytes(line.content) { bytes throws(HTTPResponseParseError) in
            do throws(HTTPParseError) { return try FieldLineParser.parse(bytes) } catch { throw .message(error) }
        }
        fields.add(field.name, field.value)
    }
}

/// Parses `HTTP-version SP status-code SP [reason-phrase]` (RFC 9112 §4); the space after the code may be missing
/// when there is no reason, which servers in the wild do.
enum StatusLineParser {
    static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(HTTPResponseParseError)
        -> (version: HTTPVersion, status: Int, reason: String) {
        guard line.count >= 12, line.starts(with: "HTTP/".utf8), line[6] == UInt8(ascii: "."), line[8] == 0x20,
              (0x30...0x39).contains(line[5]), (0x30...0x39).contains(line[7]) else { throw .invalidStatusLine }
        let version: HTTPVersion
        switch (line[5], line[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): version = .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): version = .http1_0
        default: throw .unsupportedVersion
        }
        var status = 0
        for byte in line[9..<12] {
            guard (0x30...0x39).contains(byte) else { throw .invalidStatusLine }
            status = status * 10 + Int(byte - 0x30)
        }
        guard (100...599).contains(status) else { throw .invalidStatusLine }
        guard line.count == 12 || line[12] == 0x20 else { throw .invalidStatusLine }
        let reason = line.count > 13 ? line[13...] : line[line.count...]
        guard reason.allSatisfy(ASCII.isFieldValueCharacter) else { throw .invalidStatusLine }
        return (version, status, String(decoding: reason, as: UTF8.self))
    }
}

/// The client's side of RFC 9112 §6.3: how the body of a final response is delimited and whether the connection
/// survives it.
enum ResponseFramingRules {
    static func decide(version: HTTPVersion, status: Int, headers: HTTPHeaders, requestMethod: HTTPMethod,
                       limits: HTTPLimits) throws(HTTPResponseParseError) -> (HTTPResponseFraming, keepAlive: Bool) {
        let connection = headers.listElements(for: "connection")
        let close = connection.contains { HeadBuilder.equalsIgnoringCase($0, "close") }
        let keepAliveToken = connection.contains { HeadBuilder.equalsIgnoringCase($0, "keep-alive") }
        let keepAlive = !close && (version == .http1_1 || keepAliveToken)
        // A HEAD response's Content-Length describes the body a GET would have had.
        if requestMethod == .head || status == 204 || status == 304 { return (.none, keepAlive) }
        if headers.contains("transfer-encoding") {
            // We never send TE or Accept-Encoding, so anything but plain `chunked` is a coding we cannot undo.
            let codings = headers.listElements(for: "transfer-encoding")
            guard codings.count == 1, HeadBuilder.equalsIgnoringCase(codings[0], "chunked") else {
                throw .message(.unsupportedTransferEncoding)
            }
            // Both headers at once is how smuggling starts: read this response, then let the connection go.
            return (.chunked, keepAlive && !headers.contains("content-length"))
        }
        let lengths = headers.listElements(for: "content-length")
        guard let first = lengths.first else { return (.untilClose, false) }
        // RFC 9110 §8.6 lets a recipient accept a list of identical values ("42, 42"), which proxies produce.
        guard lengths.allSatisfy({ $0 == first }) else { throw .message(.duplicateContentLength) }
        let length = try contentLength(first, limit: limits.maxBodyBytes)
        return (length == 0 ? .none : .contentLength(length), keepAlive)
    }

    /// `1*DIGIT`, at most `limit`.
    private static func contentLength(_ text: Substring, limit: Int) throws(HTTPResponseParseError) -> Int {
        var value = 0
        for byte in text.utf8 {
            guard (0x30...0x39).contains(byte) else { throw .message(.invalidContentLength) }
            value = value * 10 + Int(byte - 0x30)
            if value > limit { throw .message(.bodyTooLarge) }
        }
        return value
    }
}
