import HTTP
import Testing

@Suite("Parser syntax: RFC 9112 strictness")
struct RequestSyntaxTests {
    @Test func simpleRequest() throws {
        let head = try #require(ParserHarness.head("GET /health?verbose=1 HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n\r\n"))
        #expect(head.method == .get)
        #expect(head.target == "/health?verbose=1")
        #expect(head.path == "/health")
        #expect(head.query == "verbose=1")
        #expect(head.version == .http1_1)
        #expect(head.headers["host"] == "localhost:8080")
        #expect(head.headers["ACCEPT"] == "*/*")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(!head.expectsContinue)
    }

    @Test func fieldValuesAreTrimmedAndKeepObsText() throws {
        let head = try #require(ParserHarness.head("GET / HTTP/1.1\r\nHost: x\r\nX-A: \t padded value \t\r\nX-B:\r\nX-C: caf\u{E9}\r\n\r\n"))
        #expect(head.headers["x-a"] == "padded value")
        #expect(head.headers["x-b"] == "")
        #expect(head.headers["x-c"] == "caf\u{E9}")
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", HTTPParseError.whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n", .whitespaceBeforeColon),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\n Host: x\r\n\r\n", .obsoleteLineFolding),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\r\n\r\n", .bareCarriageReturn),
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\n\r\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\r\n\n", .bareLineFeed),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{0}b\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{1}b\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\u{7F}\r\n\r\n", .invalidHeaderValue),
        ("GET / HTTP/1.1\r\nHost: x\r\nX(A): b\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\nX/A: b\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\nX-\u{E9}: b\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\n: b\r\n\r\n", .invalidHeaderName),
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", .missingColon),
        ("GET / HTTP/1.1\r\n\r\n", .missingHost),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .duplicateHost),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", .duplicateHost),
        ("GET /  HTTP/1.1\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET  HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("GET\r\nHost: x\r\n\r\n", .invalidRequestLine),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", .invalidMethod),
        ("GET /a\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET relative HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET * HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/0.9\r\nHost: x\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/1.10\r\nHost: x\r\n\r\n", .invalidVersion),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", .invalidVersion),
        ("GET / HTTP/1\r\nHost: x\r\n\r\n", .invalidVersion),
        ("GET /\u{0} HTTP/1.1\r\nHost: x\r\n\r\n", .invalidTarget),
        ("GET / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\n\r\n", .unsupportedExpectation),
    ])
    func rejectsMalformedHead(input: String, expected: HTTPParseError) {
        #expect(ParserHarness.error(input) == expected)
    }

    @Test func statusesOfSyntaxErrors() {
        #expect(HTTPParseError.bareLineFeed.status.code == 400)
        #expect(HTTPParseError.unsupportedVersion.status.code == 505)
        #expect(HTTPParseError.unsupportedExpectation.status.code == 417)
    }

    @Test func http10NeedsNoHostAndClosesByDefault() throws {
        let head = try #require(ParserHarness.head("GET / HTTP/1.0\r\n\r\n"))
        #expect(head.version == .http1_0)
        #expect(!head.keepAlive)
        let keepAlive = try #require(ParserHarness.head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"))
        #expect(keepAlive.keepAlive)
    }

    @Test func connectionCloseOnHTTP11() throws {
        #expect(try #require(ParserHarness.head("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).keepAlive == false)
        #expect(try #require(ParserHarness.head("GET / HTTP/1.1\r\nHost: x\r\nConnection: TE, Close\r\n\r\n")).keepAlive == false)
        #expect(try #require(ParserHarness.head("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")).keepAlive)
    }

    @Test func expectContinue() throws {
        let head = try #require(ParserHarness.head(
            "POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nhi"))
        #expect(head.expectsContinue)
        let old = try #require(ParserHarness.head("POST /u HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi"))
        #expect(!old.expectsContinue)
    }

    @Test func methodsAndTargetForms() throws {
        #expect(try #require(ParserHarness.head("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")).method == .head)
        #expect(try #require(ParserHarness.head("PURGE /x HTTP/1.1\r\nHost: x\r\n\r\n")).method == .other("PURGE"))
        #expect(try #require(ParserHarness.head("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")).path == "*")
        let absolute = try #require(ParserHarness.head("GET http://example.com/a/b?c=d HTTP/1.1\r\nHost: example.com\r\n\r\n"))
        #expect(absolute.path == "/a/b")
        #expect(absolute.query == "c=d")
        #expect(try #require(ParserHarness.head("GET HTTPS://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")).path == "/")
        #expect(try #require(ParserHarness.head("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")).method == .connect)
    }

    @Test func leadingEmptyLineIsIgnored() throws {
        #expect(try #require(ParserHarness.head("\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n")).target == "/x")
    }
}
