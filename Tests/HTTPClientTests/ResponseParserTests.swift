import HTTP
import Testing

/// What the parser reported for one input.
private struct Parsed: Equatable {
    var heads: [HTTPResponseHead] = []
    var body: [UInt8] = []
    var trailers: HTTPHeaders?
    var error: HTTPResponseParseError?
}

/// Feeds `bytes` split at `splits` (byte offsets), draining events after each piece, then reports the end of input
/// when `close` is set.
private func parse(_ bytes: [UInt8], splits: [Int] = [], method: HTTPMethod = .get, limits: HTTPLimits = HTTPLimits(),
                   close: Bool = false) -> Parsed {
    var parser = HTTPResponseParser(limits: limits, requestMethod: method)
    var parsed = Parsed()
    func drain() -> Bool {
        do {
            while let event = try parser.next() {
                switch event {
                case .head(let head): parsed.heads.append(head)
                case .body(let piece): parsed.body += piece
                case .end(let trailers): parsed.trailers = trailers
                }
            }
            return true
        } catch {
            parsed.error = error
            return false
        }
    }
    var start = 0
    for end in splits.filter({ $0 > 0 && $0 < bytes.count }) + [bytes.count] {
        parser.append(contentsOf: bytes[start..<end])
        start = end
        guard drain() else { return parsed }
    }
    if close {
        parser.endOfInput()
        _ = drain()
    }
    return parsed
}

private func parse(_ text: String, method: HTTPMethod = .get, limits: HTTPLimits = HTTPLimits(),
                   close: Bool = false) -> Parsed {
    parse(Array(text.utf8), method: method, limits: limits, close: close)
}

/// Every two-piece split and the byte-by-byte feed give the same result as one piece.
private func expectSplitInvariant(_ text: String, limits: HTTPLimits = HTTPLimits(), close: Bool = false,
                                  sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(text.utf8)
    let whole = parse(bytes, limits: limits, close: close)
    for split in 1..<bytes.count {
        let pieces = parse(bytes, splits: [split], limits: limits, close: close)
        #expect(pieces == whole, "split at \(split)", sourceLocation: sourceLocation)
    }
    let byteByByte = parse(bytes, splits: Array(1..<bytes.count), limits: limits, close: close)
    #expect(byteByByte == whole, "byte by byte", sourceLocation: sourceLocation)
}

@Suite("HTTP response parser")
struct ResponseParserTests {
    @Test func contentLengthBody() {
        let parsed = parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello")
        #expect(parsed.error == nil)
        #expect(parsed.heads.count == 1)
        #expect(parsed.heads.first?.status == 200)
        #expect(parsed.heads.first?.reason == "OK")
        #expect(parsed.heads.first?.framing == .contentLength(5))
        #expect(parsed.heads.first?.keepAlive == true)
        #expect(parsed.heads.first?.headers["content-type"] == "text/plain")
        #expect(String(decoding: parsed.body, as: UTF8.self) == "hello")
        #expect(parsed.trailers == HTTPHeaders())
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let parsed = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                           + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n")
        #expect(parsed.error == nil)
        #expect(parsed.heads.first?.framing == .chunked)
        #expect(String(decoding: parsed.body, as: UTF8.self) == "hello world")
        #expect(parsed.trailers?["x-checksum"] == "abc")
    }

    @Test func closeDelimitedBodyEndsOnlyAtClose() {
        let text = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
        let open = parse(text)
        #expect(open.heads.first?.framing == .untilClose)
        #expect(open.heads.first?.keepAlive == false)
        #expect(String(decoding: open.body, as: UTF8.self) == "until the end")
        #expect(open.trailers == nil)
        let closed = parse(text, close: true)
        #expect(closed.trailers == HTTPHeaders())
        #expect(closed.error == nil)
    }

    @Test func interimResponsesAreSkipped() {
        let parsed = parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                           + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        #expect(parsed.error == nil)
        #expect(parsed.heads.map(\.status) == [201])
        #expect(parsed.heads.first?.headers.contains("link") == false)
        #expect(parsed.body == Array("ok".utf8))
    }

    @Test func tooManyInterimResponsesAreAnError() {
        let interim = String(repeating: "HTTP/1.1 100 Continue\r\n\r\n", count: HTTPResponseParser.maxInformationalResponses + 1)
        #expect(parse(interim + "HTTP/1.1 200 OK\r\n\r\n").error == .tooManyInformationalResponses)
    }

    @Test func headAndBodilessStatusesHaveNoBody() {
        let head = parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", method: .head)
        #expect(head.heads.first?.framing == HTTPResponseFraming.none)
        #expect(head.trailers == HTTPHeaders())
        for status in ["204 No Content", "304 Not Modified"] {
            let parsed = parse("HTTP/1.1 \(status)\r\nContent-Length: 10\r\n\r\n")
            #expect(parsed.heads.first?.framing == HTTPResponseFraming.none)
            #expect(parsed.trailers == HTTPHeaders(), "\(status) ends at its head")
        }
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").trailers == HTTPHeaders())
    }

    @Test func keepAliveRules() {
        #expect(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").heads.first?.keepAlive == false)
        #expect(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").heads.first?.keepAlive == false)
        #expect(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").heads.first?.keepAlive == true)
        let both = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n")
        #expect(both.heads.first?.framing == .chunked)
        #expect(both.heads.first?.keepAlive == false, "TE with CL: read the response, then drop the connection")
    }

    @Test func contentLengthLists() {
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok").body == Array("ok".utf8))
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok").error
                == .message(.duplicateContentLength))
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok").error == .message(.invalidContentLength))
    }

    @Test func malformedResponses() {
        #expect(parse("HTTP/1.1 2OO OK\r\n\r\n").error == .invalidStatusLine)
        #expect(parse("HTTP/1.1 200OK\r\n\r\n").error == .invalidStatusLine)
        #expect(parse("ICY 200 OK\r\n\r\n").error == .invalidStatusLine)
        #expect(parse("HTTP/2.0 200 OK\r\n\r\n").error == .unsupportedVersion)
        #expect(parse("HTTP/1.1 101 Switching Protocols\r\n\r\n").error == .unexpectedUpgrade)
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n").error
                == .message(.unsupportedTransferEncoding))
        #expect(parse("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n").error == .message(.whitespaceBeforeColon))
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").error == .message(.invalidChunkSize))
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX").error
                == .message(.missingChunkTerminator))
    }

    @Test func statusLineWithoutReasonAndBareLineFeeds() {
        let parsed = parse("HTTP/1.1 404\nContent-Length: 1\n\nx")
        #expect(parsed.error == nil)
        #expect(parsed.heads.first?.status == 404)
        #expect(parsed.heads.first?.reason == "")
        #expect(parsed.body == Array("x".utf8))
    }

    @Test func truncatedResponsesAreErrorsAtClose() {
        #expect(parse("", close: true).error == .truncated)
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Le", close: true).error == .truncated)
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", close: true).error == .truncated)
        #expect(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc", close: true).error == .truncated)
    }

    @Test func limitsAreErrors() {
        var limits = HTTPLimits()
        limits.maxHeaderLineBytes = 40
        limits.maxHeaderBytes = 100
        limits.maxHeaderCount = 3
        limits.maxBodyBytes = 10
        let longLine = "HTTP/1.1 200 OK\r\nX-Long: \(String(repeating: "a", count: 40))\r\n\r\n"
        #expect(parse(longLine, limits: limits).error == .message(.headerLineTooLong))
        let longStatus = "HTTP/1.1 200 \(String(repeating: "O", count: 40))\r\n\r\n"
        #expect(parse(longStatus, limits: limits).error == .statusLineTooLong)
        let manyBytes = "HTTP/1.1 200 OK\r\n" + (0..<3).map { "X-\($0): \(String(repeating: "b", count: 30))\r\n" }.joined()
            + "\r\n"
        #expect(parse(manyBytes, limits: limits).error == .message(.headerSectionTooLarge))
        let manyFields = "HTTP/1.1 200 OK\r\n" + (0..<4).map { "X-\($0): y\r\n" }.joined() + "\r\n"
        #expect(parse(manyFields, limits: limits).error == .message(.tooManyHeaders))
        #expect(parse("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", limits: limits).error == .message(.bodyTooLarge))
        let chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n"
        #expect(parse(chunked, limits: limits).error == .message(.bodyTooLarge))
        #expect(parse("HTTP/1.0 200 OK\r\n\r\n" + String(repeating: "z", count: 11), limits: limits).error
                == .message(.bodyTooLarge))
    }

    @Test func resultsDoNotDependOnHowBytesAreSplit() {
        expectSplitInvariant("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
        expectSplitInvariant("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             + "5;a=\"b\"\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n")
        expectSplitInvariant("HTTP/1.0 200 OK\nServer: fake\n\nbody until close", close: true)
        expectSplitInvariant("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", close: true)
        var limits = HTTPLimits()
        limits.maxHeaderLineBytes = 20
        limits.maxHeaderBytes = 48
        expectSplitInvariant("HTTP/1.1 200 OK\r\nX-A: 1234567890123456\r\n\r\n", limits: limits)
        expectSplitInvariant("HTTP/1.1 200 OK\r\nX-A: 123456789012345\r\nX-B: 123456789012345\r\n\r\n", limits: limits)
        expectSplitInvariant("HTTP/1.1 200 OK\r\nX-A: 12345678901234\r\r\n\r\n", limits: limits)
    }
}
