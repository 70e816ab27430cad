/// What the response parser found next in the byte stream.
package enum HTTPResponseEvent: Sendable, Equatable {
    /// The final (non-1xx) response head; interim responses are skipped.
    case head(HTTPResponseHead)
    /// Some body bytes (already de-chunked); a body may arrive in any number of pieces.
    case body([UInt8])
    /// The end of the response, with the trailer fields of a chunked body (empty otherwise).
    case end(trailers: HTTPHeaders)
}

/// An incremental, IO-free HTTP/1.1 response parser (RFC 9112) for one response to one request.
///
/// It lives in the HTTP target, next to the request parser, because it is the same kind of code: no IO, limits from
/// `HTTPLimits`, the same buffering and line scanning (`ParserInput`) and the very same field-line and chunk-line
/// grammar (`FieldLineParser`, `ChunkLineParser`) — the outbound client (HTTPClient) only moves bytes. Feed bytes
/// with `append`, call `next()` until it returns nil, and report the peer's close with `endOfInput()` (which ends a
/// close-delimited body or makes a partial one an error).
/// Like the request parser, it decides on complete syntactic units and checks limits on partial ones the same way, so
/// the events and any error do not depend on how the input was split. It is more lenient than the request parser
/// in one respect only: a bare LF ends a line (RFC 9112 §2.2 allows it), since a response cannot smuggle a request.
package struct HTTPResponseParser: Sendable {
    /// Interim responses (100 Continue, 103 Early Hints) skipped at most before the final one.
    package static let maxInformationalResponses = 10

    enum State: Sendable, Equatable {
        case statusLine
        case headers
        case endPending
        case body(remaining: Int)
        case untilClose
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case done
        case failed
    }

    /// The limits in force (the status line counts as a header line).
    package let limits: HTTPLimits
    let requestMethod: HTTPMethod
    var state: State = .statusLine
    var input = ParserInput()
    var inputEnded = false
    var statusLine: (version: HTTPVersion, status: Int, reason: String)?
    var fields = HTTPHeaders()
    var sectionBytes = 0
    var sectionCount = 0
    var informationalCount = 0
    var bodyBytes = 0

    /// A parser for the response to a `requestMethod` request (HEAD responses never have a body).
    package init(limits: HTTPLimits = HTTPLimits(), requestMethod: HTTPMethod = .get) {
        self.limits = limits
        self.requestMethod = requestMethod
    }

    /// Bytes received but not yet parsed; after `.end`, bytes the server sent beyond the response.
    package var bufferedByteCount: Int { input.count }

    /// Appends received bytes from any byte collection (tests, small inputs).
    package mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        input.append(contentsOf: bytes)
    }

    /// Records that the peer closed the connection: no bytes follow those already appended.
    package mutating func endOfInput() {
        inputEnded = true
    }

    /// The next event; nil when more input is needed (or after `.end`). Throws once the stream is malformed or ended
    /// early; the parser is finished afterwards.
    package mutating func next() throws(HTTPResponseParseError) -> HTTPResponseEvent? {
        do {
            return try step()
        } catch {
            state = .failed
            throw error
        }
    }

    private mutating func step() throws(HTTPResponseParseError) -> HTTPResponseEvent? {
        while true {
            switch state {
            case .statusLine:
                guard let line = try takeLine(lineLimit: limits.maxHeaderLineBytes, sectionRemaining: nil,
                                              tooLong: .statusLineTooLong) else { return try needMore() }
                statusLine = try input.withBytes(line.content) { bytes throws(HTTPResponseParseError) in
                    try StatusLineParser.parse(bytes)
                }
                startSection()
                state = .headers
            case .headers:
                guard let line = try takeFieldLine() else { return try needMore() }
                if line.isEmpty {
                    if let head = try finishHead() { return .head(head) }
                    continue
                }
                try addField(in: line)
            case .endPending:
                state = .done
                return .end(trailers: HTTPHeaders())
            case .body(let remaining):
                guard bufferedByteCount > 0 else { return try needMore() }
                let piece = input.take(upTo: remaining)
                state = piece.count == remaining ? .endPending : .body(remaining: remaining - piece.count)
                return .body(piece)
            case .untilClose:
                if bufferedByteCount > 0 {
                    let piece = input.take(upTo: bufferedByteCount)
                    try countBody(piece.count)
                    return .body(piece)
                }
                guard inputEnded else { return nil }
                state = .done
                return .end(trailers: HTTPHeaders())
            case .chunkSize:
                guard let line = try takeLine(lineLimit: limits.maxChunkLineBytes, sectionRemaining: nil,
                                              tooLong: .message(.chunkLineTooLong)) else { return try needMore() }
                let size = try input.withBytes(line.content) { bytes throws(HTTPResponseParseError) in
                    do throws(HTTPParseError) { return try ChunkLineParser.parse(bytes) } catch { throw .message(error) }
                }
                try countBody(size)
                if size == 0 {
                    startSection()
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard bufferedByteCount > 0 else { return try needMore() }
                let piece = input.take(upTo: remaining)
                state = piece.count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                guard try consumeChunkDataTerminator() else { return try needMore() }
                state = .chunkSize
            case .trailers:
                guard let line = try takeFieldLine() else { return try needMore() }
                if line.isEmpty {
                    state = .done
                    return .end(trailers: fields)
                }
                try addField(in: line)
            case .done, .failed:
                return nil
            }
        }
    }

    /// nil while more input may come; once the peer has closed, a message cut short is an error.
    private func needMore() throws(HTTPResponseParseError) -> HTTPResponseEvent? {
        if inputEnded { throw .truncated }
        return nil
    }

    private mutating func countBody(_ count: Int) throws(HTTPResponseParseError) {
        let (total, overflow) = bodyBytes.addingReportingOverflow(count)
        if overflow || total > limits.maxBodyBytes { throw .message(.bodyTooLarge) }
        bodyBytes = total
    }

    private mutating func startSection() {
        fields = HTTPHeaders()
        sectionBytes = 0
        sectionCount = 0
    }

    /// The final head once its blank line arrived, or nil after skipping an interim (1xx) response.
    private mutating func finishHead() throws(HTTPResponseParseError) -> HTTPResponseHead? {
        guard let (version, status, reason) = statusLine else { throw .invalidStatusLine }
        if status < 200 {
            if status == 101 { throw .unexpectedUpgrade }
            informationalCount += 1
            if informationalCount > Self.maxInformationalResponses { throw .tooManyInformationalResponses }
            state = .statusLine
            return nil
        }
        let (framing, keepAlive) = try ResponseFramingRules.decide(
            version: version, status: status, headers: fields, requestMethod: requestMethod, limits: limits)
        switch framing {
        case .none: state = .endPending
        case .contentLength(let length): state = .body(remaining: length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        }
        return HTTPResponseHead(version: version, status: status, reason: reason, headers: fields, framing: framing,
                                keepAlive: keepAlive)
    }

    /// Consumes the line end after chunk data (CRLF, or a bare LF); false while incomplete.
    private mutating func consumeChunkDataTerminator() throws(HTTPResponseParseError) -> Bool {
        do throws(HTTPParseError) {
            return try input.consumeChunkDataTerminator(allowingBareLineFeed: true)
        } catch {
            throw .message(error)
        }
    }
}
