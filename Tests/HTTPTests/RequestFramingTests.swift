import HTTP
import Testing

@Suite("Parser framing: Content-Length, Transfer-Encoding, chunked bodies and trailers")
struct RequestFramingTests {
    @Test(arguments: ["+5", "-1", "0x10", "5 5", "", "5,5", "5, 5", "1e3", " ", "五"])
    func nonDecimalContentLengthIs400(value: String) {
        #expect(ParserHarness.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\nhello")
            == .invalidContentLength)
    }

    @Test func duplicateContentLengthIs400EvenWhenEqual() {
        #expect(ParserHarness.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello")
            == .duplicateContentLength)
    }

    @Test func contentLengthWithTransferEncodingIs400() {
        #expect(ParserHarness.error(
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            == .contentLengthWithTransferEncoding)
        #expect(ParserHarness.error(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")
            == .contentLengthWithTransferEncoding)
    }

    @Test(arguments: ["gzip", "chunked, gzip", "gzip, chunked", "chunked, chunked", "identity", "chunked,", "", "chunkedx"])
    func transferEncodingOtherThanChunkedIs400(value: String) {
        #expect(ParserHarness.error("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n")
            == .unsupportedTransferEncoding)
    }

    @Test func transferEncodingSplitOverTwoFieldsCountsAsAList() {
        #expect(ParserHarness.error(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            == .unsupportedTransferEncoding)
    }

    @Test func transferEncodingOnHTTP10Is400() {
        #expect(ParserHarness.error("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            == .transferEncodingOnHTTP10)
    }

    @Test func contentLengthBody() throws {
        let events = ParserHarness.parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(events.count == 3)
        guard case .head(let head) = events[0] else { Issue.record("no head"); return }
        #expect(head.framing == .length(11))
        #expect(events[1] == .body(Array("hello world".utf8)))
        #expect(events[2] == .end(HTTPHeaders()))
    }

    @Test func zeroContentLengthHasNoBody() {
        let events = ParserHarness.parse("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(events.count == 2)
        #expect(events.last == .end(HTTPHeaders()))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let input = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "1 ; a = \"quoted \\\" str\" ; b\r\n \r\n"
            + "00005\r\nworld\r\n"
            + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"
        let events = ParserHarness.parse(input)
        #expect(events.count == 3)
        guard case .head(let head) = events[0] else { Issue.record("no head"); return }
        #expect(head.framing == .chunked)
        #expect(events[1] == .body(Array("hello world".utf8)))
        #expect(events[2] == .end(["X-Checksum": "abc", "X-Other": "1"]))
    }

    @Test func chunkedBodyWithoutTrailers() {
        let events = ParserHarness.parse("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n")
        #expect(events.dropFirst() == [.body(Array("0123456789".utf8)), .end(HTTPHeaders())])
    }

    @Test(arguments: [
        ("xyz\r\n", HTTPParseError.invalidChunkSize),
        ("\r\n", .invalidChunkSize),
        ("-1\r\n", .invalidChunkSize),
        ("5 \r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("0x5\r\nhello\r\n0\r\n\r\n", .invalidChunkSize),
        ("fffffffffffffffff\r\n", .invalidChunkSize),
        ("5;\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;=v\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;a=\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;a=\"open\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;a b\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;a \r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5;a=\"x\u{1}\"\r\nhello\r\n0\r\n\r\n", .invalidChunkExtension),
        ("5\r\nhelloXX0\r\n\r\n", .missingChunkTerminator),
        ("5\r\nhello\rX0\r\n\r\n", .missingChunkTerminator),
        ("5\r\nhello\n0\r\n\r\n", .missingChunkTerminator),
        ("5\nhello\r\n0\r\n\r\n", .bareLineFeed),
        ("5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n", .forbiddenTrailer),
        ("5\r\nhello\r\n0\r\ntransfer-encoding: chunked\r\n\r\n", .forbiddenTrailer),
        ("5\r\nhello\r\n0\r\nHost: evil\r\n\r\n", .forbiddenTrailer),
        ("5\r\nhello\r\n0\r\nBad Name: v\r\n\r\n", .whitespaceBeforeColon),
    ])
    func rejectsMalformedChunking(body: String, expected: HTTPParseError) {
        let input = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body
        #expect(ParserHarness.error(input) == expected)
    }

    @Test func chunkLineLengthIsLimited() {
        let longExtension = ";" + String(repeating: "e", count: 5000)
        #expect(ParserHarness.error("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\(longExtension)\r\nhello\r\n0\r\n\r\n")
            == .chunkLineTooLong)
    }

    @Test func trailerSectionIsLimitedLikeHeaders() {
        var limits = HTTPLimits()
        limits.maxHeaderCount = 3
        let trailers = (0..<4).map { "X-T\($0): v\r\n" }.joined()
        #expect(ParserHarness.error("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailers)\r\n",
                                    limits: limits) == .tooManyHeaders)
    }

    @Test func isMidRequestTracksProgress() {
        var parser = HTTPRequestParser()
        #expect(!parser.isMidRequest)
        parser.append(contentsOf: Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(parser.isMidRequest)
        guard case .head = parser.next() else { Issue.record("expected head"); return }
        #expect(parser.next() == .body(Array("ab".utf8)))
        #expect(parser.next() == nil)
        #expect(parser.isMidRequest)
        parser.append(contentsOf: Array("cd".utf8))
        #expect(parser.next() == .body(Array("cd".utf8)))
        #expect(parser.next() == .end(trailers: HTTPHeaders()))
        #expect(!parser.isMidRequest)
    }
}
