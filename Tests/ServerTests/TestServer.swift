import HTTP
import Server
import Synchronization
import TestSupport
import Threading

/// Starts a real server on a free port with test routes; `stop()` shuts it down.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: Int

    init(configure: (inout ServerConfiguration) -> Void = { _ in },
         routes: (inout Router) -> Void = { _ in },
         middleware: [any Middleware] = [RequestIDMiddleware()]) throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoops = 2
        configuration.workers = 2
        configure(&configuration)
        var router = Router()
        router.add(.get, "/hello", execution: .inline) { _ in
            Response(status: .ok, contentType: "text/plain", bytes: Array("hello".utf8))
        }
        router.add(.get, "/path/{name}", execution: .inline) { request in
            Response(status: .ok, contentType: "text/plain", bytes: Array("path=\(request.parameters["name"] ?? "")".utf8))
        }
        router.add(.post, "/echo", maxBodyBytes: 16 * 1024 * 1024) { request in
            Response(status: .ok, contentType: "application/octet-stream", bytes: request.body)
        }
        routes(&router)
        server = HTTPServer(configuration: configuration, router: router, middleware: middleware)
        port = try server.start().port
    }

    func client(timeout: Double = 5) throws -> TestClient { try TestClient(port: port, timeout: timeout) }

    @discardableResult
    func stop() -> Bool { server.shutdown() }

    deinit { server.shutdown() }
}

/// A pool route that holds each request in its worker until `gate` opens, then answers `answer`: a request that is
/// being handled for as long as a test needs. `started` counts the requests that reached the handler.
final class HeldRoute: Sendable {
    let gate = Gate()
    let started = Atomic<Int>(0)

    func add(to router: inout Router, _ path: String, answer: String) {
        router.add(.get, path) { [self] _ in
            started.add(1, ordering: .relaxed)
            gate.wait()
            return Response(status: .ok, contentType: "text/plain", bytes: Array(answer.utf8))
        }
    }

    /// Whether `count` requests have reached the handler (waiting up to five seconds).
    func reached(_ count: Int) -> Bool { eventually { started.load(ordering: .relaxed) == count } }
}
