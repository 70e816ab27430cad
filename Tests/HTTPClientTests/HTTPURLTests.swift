import HTTPClient
import Testing

@Suite("URLs")
struct HTTPURLTests {
    @Test func httpsWithPath() throws {
        let url = try HTTPURL("https://API.OpenAI.com/v1")
        #expect(url.scheme == .https)
        #expect(url.host == "api.openai.com")
        #expect(url.port == 443)
        #expect(url.target == "/v1")
        #expect(url.authority == "api.openai.com")
        #expect(!url.isIPLiteral)
    }

    @Test func httpWithPortAndNoPath() throws {
        let url = try HTTPURL("http://localhost:11434")
        #expect(url.port == 11434)
        #expect(url.target == "/")
        #expect(url.authority == "localhost:11434")
    }

    @Test func ipLiterals() throws {
        let v6 = try HTTPURL("http://[::1]:8080/x?y=1#fragment")
        #expect(v6.host == "::1")
        #expect(v6.port == 8080)
        #expect(v6.target == "/x?y=1")
        #expect(v6.authority == "[::1]:8080")
        #expect(v6.isIPv6Literal && v6.isIPLiteral)
        #expect(try HTTPURL("https://127.0.0.1/").isIPLiteral)
        #expect(try HTTPURL("http://example.com?q=1").target == "/?q=1")
    }

    @Test func appendingPaths() throws {
        #expect(try HTTPURL("https://h/v1").appendingPath("/chat/completions").target == "/v1/chat/completions")
        #expect(try HTTPURL("https://h/v1/").appendingPath("/embeddings").target == "/v1/embeddings")
        #expect(try HTTPURL("http://h:1").appendingPath("/api/chat").target == "/api/chat")
        #expect(try HTTPURL("https://h/v1?key=1").appendingPath("/x").target == "/v1/x?key=1")
        #expect(try HTTPURL("https://h/v1").appendingPath("x").description == "https://h/v1/x")
    }

    @Test(arguments: ["ftp://example.com/", "api.openai.com/v1", "http://user:secret@host/", "http://host:99999/",
                      "http://host:abc/", "http://host:/", "http:///path", "http://ho st/", "http://[::1/",
                      "http://[zz::1]/", "http://exa%6dple.com/", "https://h\u{e9}.com/"])
    func rejectsUnusableURLs(_ text: String) {
        do {
            _ = try HTTPURL(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.kind == .invalidURL)
            #expect(!error.message.contains("secret"), "a password in a URL is never echoed")
        }
    }
}
