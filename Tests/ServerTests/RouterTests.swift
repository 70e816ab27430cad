import HTTP
import Server
import Testing

@Suite("Router")
struct RouterTests {
    private func router() -> Router {
        var router = Router()
        let ok: Handler = { _ in Response(status: .ok) }
        router.add(.get, "/", handler: ok)
        router.add(.get, "/health", handler: ok)
        router.add(.get, "/v1/documents/{id}", handler: ok)
        router.add(.delete, "/v1/documents/{id}", handler: ok)
        router.add(.get, "/v1/documents/{id}/chunks", handler: ok)
        router.add(.get, "/v1/documents/search", handler: ok)
        router.add(.get, "/v1/knowledge-bases/{kb}/documents", handler: ok)
        router.add(.post, "/v1/knowledge-bases/{kb}/documents", handler: ok)
        return router
    }

    private func matched(_ resolution: RouteResolution) -> (String, [String: String])? {
        if case .matched(let route, let parameters) = resolution { return (route.template, parameters) }
        return nil
    }

    @Test func literalsParametersAndRoot() {
        let router = router()
        #expect(matched(router.resolve(.get, path: "/"))?.0 == "/")
        #expect(matched(router.resolve(.get, path: "/health"))?.0 == "/health")
        let document = matched(router.resolve(.get, path: "/v1/documents/doc_123"))
        #expect(document?.0 == "/v1/documents/{id}")
        #expect(document?.1 == ["id": "doc_123"])
        #expect(matched(router.resolve(.get, path: "/v1/documents/search"))?.0 == "/v1/documents/search")
        #expect(matched(router.resolve(.get, path: "/v1/knowledge-bases/kb_1/documents"))?.1 == ["kb": "kb_1"])
    }

    @Test func literalWinsButBacktracksToParameter() {
        let chunks = matched(router().resolve(.get, path: "/v1/documents/search/chunks"))
        #expect(chunks?.0 == "/v1/documents/{id}/chunks")
        #expect(chunks?.1 == ["id": "search"])
    }

    @Test func parametersArePercentDecoded() {
        #expect(matched(router().resolve(.get, path: "/v1/documents/a%20b%2Fc"))?.1 == ["id": "a b/c"])
        guard case .invalidPath = router().resolve(.get, path: "/v1/documents/%zz") else {
            Issue.record("bad escape accepted"); return
        }
        guard case .invalidPath = router().resolve(.get, path: "/v1/documents/%FF") else {
            Issue.record("invalid UTF-8 accepted"); return
        }
    }

    @Test func strictPaths() {
        for path in ["/health/", "//health", "/v1/documents/", "/v1/documents//chunks", "/nope", "health", "*"] {
            guard case .notFound = router().resolve(.get, path: Substring(path)) else {
                Issue.record("\(path) should be 404"); continue
            }
        }
    }

    @Test func methodNotAllowedListsAllowedMethods() {
        guard case .methodNotAllowed(let allowed) = router().resolve(.put, path: "/v1/documents/x") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed.map(\.description) == ["DELETE", "GET", "HEAD", "OPTIONS"])
    }

    @Test func headFallsBackToGetAndOptionsIsAnswered() {
        #expect(matched(router().resolve(.head, path: "/health"))?.0 == "/health")
        guard case .options(let allowed) = router().resolve(.options, path: "/v1/knowledge-bases/k/documents") else {
            Issue.record("expected OPTIONS answer"); return
        }
        #expect(allowed.map(\.description) == ["GET", "HEAD", "OPTIONS", "POST"])
    }

    @Test func middlewareWrapsInOrder() throws {
        struct Tag: Middleware {
            let name: String
            func handle(_ request: Request, next: Handler) throws -> Response {
                var response = try next(request)
                response.headers.add("X-Order", name)
                return response
            }
        }
        let chain = MiddlewareChain([Tag(name: "outer"), Tag(name: "inner")])
        let handler = chain.wrap { _ in Response(status: .ok) }
        let request = Request(head: HTTPRequestHead(method: .get, target: "/", version: .http1_1, headers: [:],
                                                    framing: .none, keepAlive: true, expectsContinue: false),
                              route: "/", remoteAddress: SocketAddress(host: "127.0.0.1", port: 1), receivedAt: 0)
        #expect(try handler(request).headers.values(for: "X-Order") == ["inner", "outer"])
    }

    @Test func queryParameters() {
        let request = Request(head: HTTPRequestHead(method: .get, target: "/x?limit=10&q=hello+world&e=%C3%A9&flag&bad=%zz",
                                                    version: .http1_1, headers: [:], framing: .none, keepAlive: true,
                                                    expectsContinue: false),
                              route: "/x", remoteAddress: SocketAddress(host: "::1", port: 1), receivedAt: 0)
        #expect(request.query("limit") == "10")
        #expect(request.query("q") == "hello world")
        #expect(request.query("e") == "é")
        #expect(request.query("flag") == "")
        #expect(request.query("bad") == nil)
        #expect(request.query("missing") == nil)
    }
}
