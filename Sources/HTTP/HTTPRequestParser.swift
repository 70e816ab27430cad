/// What the parser found next in the byte stream.
package enum HTTPParserEvent: Sendable, Equatable {
    /// A complete, validated request head.
    case head(HTTPRequestHead)
    /// Some body bytes (already de-chunked); a body may arrive in any number of pieces.
    case body([UInt8])
    /// The end of the current request, with the trailer fields of a chunked body (empty otherwise).
    case end(trailers: HTTPHeaders)
    /// The stream is malformed; nothing more will be parsed.
    case error(HTTPParseError)
}

/// An incremental, IO-free HTTP/1.1 request parser (RFC 9112), strict about everything that enables request
/// smuggling or resource exhaustion.
///
/// Feed bytes with `append`, then call `next()` until it returns nil (more bytes needed). Decisions are only made on
/// complete syntactic units (a line, a chunk terminator), and every limit is checked the same way on a partial unit
/// as on a complete one, so the events — and any error — are the same whether the bytes arrive at once or one by one.
/// Pipelined requests follow each other in the same buffer.
package struct HTTPRequestParser: Sendable {
    package enum State: Sendable, Equatable {
        /// Reading the request line and header fields.
        case head
        /// The head of a body-less request was returned; `.end` comes next.
        case endPending
        /// Reading a Content-Length body with this many bytes left.
        case body(remaining: Int)
        /// Expecting a chunk-size line.
        case chunkSize
        /// Reading chunk data with this many bytes left in the chunk.
        case chunkData(remaining: Int)
        /// Expecting the CRLF that ends chunk data.
        case chunkDataEnd
        /// Reading the trailer section after the last chunk.
        case trailers
        /// An error was reported; the parser is finished.
        case failed
    }

    /// The limits in force.
    package let limits: HTTPLimits
    private(set) package var state: State = .head
    /// Received bytes not yet parsed; pipelined requests follow each other in it.
    var input = ParserInput()
    var head = HeadBuilder()
    var fieldSection = FieldSection()
    var pendingTrailers = HTTPHeaders()
    var bodyBytesSoFar = 0

    /// A parser expecting a request at the start of a connection.
    package init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes received but not yet parsed.
    package var bufferedByteCount: Int { input.count }

    /// Whether a request has started but not finished (head bytes, or the body of a request in progress).
    package var isMidRequest: Bool {
        switch state {
        case .head: bufferedByteCount > 0 || head.hasStarted
        case .failed: false
        default: true
        }
    }

    /// Whether the bytes of a complete, unparsed request may already be buffered (used to decide on reads).
    package var hasBufferedInput: Bool { bufferedByteCount > 0 }

    /// Appends received bytes. Consumed bytes are dropped first so the buffer only ever holds unparsed input.
    package mutating func append(_ bytes: UnsafeRawBufferPointer) {
        input.append(bytes)
    }

    /// Appends received bytes from any byte collection (tests, small inputs).
    package mutating func append<Bytes: Sequence>(contentsOf bytes: Bytes) where Bytes.Element == UInt8 {
        input.append(contentsOf: bytes)
    }

    /// The next event, or nil when more input is needed (or after an error was reported).
    package mutating func next() -> HTTPParserEvent? {
        do {
            return try step()
        } catch {
            state = .failed
            input = ParserInput()
            return .error(error)
        }
    }

    private mutating func step() throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            switch state {
            case .head:
                guard let finished = try parseHeadLines() else { return nil }
                return .head(finished)
            case .endPending:
                finishMessage()
                return .end(trailers: HTTPHeaders())
            case .body(let remaining):
                guard bufferedByteCount > 0 else { return nil }
                let piece = input.take(upTo: remaining)
                state = remaining == piece.count ? .endPending : .body(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkSize:
                guard let size = try parseChunkSizeLine() else { return nil }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
                if size == 0 { fieldSection = FieldSection() }
            case .chunkData(let remaining):
                guard bufferedByteCount > 0 else { return nil }
                let piece = input.take(upTo: remaining)
                state = remaining == piece.count ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                guard try input.consumeChunkDataTerminator(allowingBareLineFeed: false) else { return nil }
                state = .chunkSize
            case .trailers:
                guard let trailers = try parseTrailerLines() else { return nil }
                finishMessage()
                return .end(trailers: trailers)
            case .failed:
                return nil
            }
        }
    }

    /// Resets per-request state after `.end`; buffered bytes of a pipelined request stay.
    private mutating func finishMessage() {
        state = .head
        head = HeadBuilder()
        fieldSection = FieldSection()
        pendingTrailers = HTTPHeaders()
        bodyBytesSoFar = 0
        input.partialLineScanned = 0
    }

    /// Enters the body state the head's framing calls for.
    mutating func startBody(for finished: HTTPRequestHead) {
        switch finished.framing {
        case .none: state = .endPending
        case .length(let length): state = .body(remaining: length)
        case .chunked: state = .chunkSize
        }
    }
}
