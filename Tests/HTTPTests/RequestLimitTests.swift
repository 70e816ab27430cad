import HTTP
import Testing

@Suite("Parser limits: 414, 431, 413")
struct RequestLimitTests {
    @Test func requestLineAtLimitIsAccepted() {
        let target = "/" + String(repeating: "a", count: 8192 - "GET  HTTP/1.1".count - 1)
        let line = "GET \(target) HTTP/1.1"
        #expect(line.utf8.count == 8192)
        #expect(ParserHarness.head("\(line)\r\nHost: x\r\n\r\n") != nil)
    }

    @Test func requestLineOverLimitIs414() {
        let target = "/" + String(repeating: "a", count: 8192)
        let error = ParserHarness.error("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(error == .requestLineTooLong)
        #expect(error?.status.code == 414)
    }

    @Test func unterminatedHugeRequestLineFailsWithoutWaitingForTheEnd() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("GET /".utf8) + [UInt8](repeating: 0x61, count: 9000))
        #expect(parser.next() == .error(.requestLineTooLong))
    }

    @Test func headerLineOverLimitIs431() {
        let value = String(repeating: "v", count: 8192)
        let error = ParserHarness.error("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(value)\r\n\r\n")
        #expect(error == .headerLineTooLong)
        #expect(error?.status.code == 431)
    }

    @Test func headerSectionOverLimitIs431() {
        let field = "X-Fill: " + String(repeating: "f", count: 4000) + "\r\n"
        let error = ParserHarness.error("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: field, count: 9) + "\r\n")
        #expect(error == .headerSectionTooLarge)
        #expect(error?.status.code == 431)
    }

    @Test func headerSectionExactlyAtLimitIsAccepted() {
        var limits = HTTPLimits()
        limits.maxHeaderBytes = 64
        // "Host: x\r\n" is 9 bytes and the closing blank line 2; a field of 53 bytes with CRLF fills the section exactly.
        let filler = "X-F: " + String(repeating: "f", count: 53 - 5 - 2)
        let events = ParserHarness.parse("GET / HTTP/1.1\r\nHost: x\r\n\(filler)\r\n\r\n", limits: limits)
        #expect(events.count == 2)
        let over = ParserHarness.error("GET / HTTP/1.1\r\nHost: x\r\n\(filler)f\r\n\r\n", limits: limits)
        #expect(over == .headerSectionTooLarge)
    }

    @Test func hundredHeadersAreAcceptedAndOneMoreIs431() {
        let fields = (1..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(ParserHarness.head("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n")?.headers.count == 100)
        let error = ParserHarness.error("GET / HTTP/1.1\r\nHost: x\r\n\(fields)X-100: v\r\n\r\n")
        #expect(error == .tooManyHeaders)
        #expect(error?.status.code == 431)
    }

    @Test func declaredBodyOverLimitIs413BeforeAnyBodyByte() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 1000
        var parser = HTTPRequestParser(limits: limits)
        parser.append(contentsOf: Array("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n".utf8))
        let event = parser.next()
        #expect(event == .error(.bodyTooLarge))
        if case .error(let error) = event { #expect(error.status.code == 413) }
        #expect(ParserHarness.error("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
            == .bodyTooLarge)
    }

    @Test func chunkedBodyOverLimitIs413() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 10
        let error = ParserHarness.error(
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n3\r\nabc\r\n0\r\n\r\n",
            limits: limits)
        #expect(error == .bodyTooLarge)
    }

    @Test func tooManyLeadingEmptyLines() {
        #expect(ParserHarness.head("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") != nil)
        #expect(ParserHarness.error(String(repeating: "\r\n", count: 5) + "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            == .tooManyEmptyLines)
    }

    @Test func afterAnErrorNothingMoreIsParsed() {
        var parser = HTTPRequestParser()
        parser.append(contentsOf: Array("GET / HTTP/1.1\r\nBad Header: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(parser.next() == .error(.whitespaceBeforeColon))
        #expect(parser.next() == nil)
        parser.append(contentsOf: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(parser.next() == nil)
    }
}
