import Threading
import HTTP
import Server
import Synchronization
import TestSupport
import Testing

@Suite("Live server over real sockets", .serialized)
struct LiveServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        let server = try TestServer()
        let client = try server.client()
        for index in 0..<5 {
            let response = try client.get("/path/item-\(index)")
            #expect(response.status == 200)
            #expect(response.text == "path=item-\(index)")
            #expect(response.header("Connection") == nil)
            #expect(response.header("Date")?.hasSuffix("GMT") == true)
            #expect(response.header("X-Request-Id")?.count == 24)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        let client = try server.client()
        var batch = ""
        for index in 0..<20 {
            batch += index % 2 == 0
                ? "GET /path/p\(index) HTTP/1.1\r\nHost: t\r\n\r\n"
                : "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ne\(index < 10 ? "0" : "")\(index)"
        }
        try client.send(batch)
        for index in 0..<20 {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == (index % 2 == 0 ? "path=p\(index)" : "e\(index < 10 ? "0" : "")\(index)"))
        }
    }

    @Test func expectContinueGetsAnInterimResponse() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("hello")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "hello")
    }

    @Test func expectContinueOverTheLimitGets413WithoutInterim() throws {
        let server = try TestServer { $0.limits.maxBodyBytes = 100 }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
    }

    @Test func chunkedUploadIsReassembled() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        try client.send("4\r\nabcd\r\n")
        try client.send("3;ext=1\r\nefg\r\n0\r\nX-Trailer: yes\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "abcdefg")
        #expect(try client.get("/hello").text == "hello")
    }

    @Test func slowHeaderGets408AndClose() throws {
        let server = try TestServer { $0.headerTimeout = 0.3 }
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("\"request_timeout\""))
        client.shutdownWrite()
        #expect(client.isClosedByPeer())
    }

    @Test func slowBodyGets408() throws {
        let server = try TestServer {
            $0.bodyRateGracePeriod = 0.2
            $0.minBodyBytesPerSecond = 10_000
        }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nslow")
        let response = try client.readResponse()
        #expect(response.status == 408)
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        let server = try TestServer { $0.keepAliveTimeout = 0.3 }
        let client = try server.client()
        #expect(try client.get("/hello").status == 200)
        #expect(client.isClosedByPeer())
        #expect(eventually { server.server.stats.openConnections == 0 })
    }

    @Test func oversizedBodyGets413AndClose() throws {
        let server = try TestServer { $0.limits.maxBodyBytes = 1024 }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2048\r\n\r\n")
        try client.send(String(repeating: "x", count: 2048))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(response.text.contains("body_too_large"))
        client.shutdownWrite()
        #expect(client.isClosedByPeer())
    }

    @Test func routeBodyLimitAppliesToChunkedBodies() throws {
        let server = try TestServer(routes: { router in
            router.add(.post, "/small", maxBodyBytes: 8) { request in
                Response(status: .ok, contentType: "text/plain", bytes: request.body)
            }
        })
        let client = try server.client()
        try client.send("POST /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n5\r\n67890\r\n0\r\n\r\n")
        #expect(try client.readResponse().status == 413)
    }

    @Test func fullWorkerQueueAnswers503WithRetryAfter() throws {
        let gate = Gate()
        let started = Atomic<Int>(0)
        let server = try TestServer(configure: {
            $0.workers = 1
            $0.workerQueueDepth = 1
        }, routes: { router in
            router.add(.get, "/block") { _ in
                started.add(1, ordering: .relaxed)
                gate.wait()
                return Response(status: .ok, contentType: "text/plain", bytes: Array("done".utf8))
            }
        })
        let first = try server.client()
        try first.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { started.load(ordering: .relaxed) == 1 })
        let second = try server.client()
        try second.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.server.workerPool.queueDepth == 1 })
        let third = try server.client()
        let rejected = try third.get("/block")
        #expect(rejected.status == 503)
        #expect(rejected.header("Retry-After") == "1")
        #expect(rejected.text.contains("overloaded"))
        gate.open(2)
        #expect(try first.readResponse().text == "done")
        #expect(try second.readResponse().text == "done")
        #expect(server.server.workerPool.rejected == 1)
    }

    @Test func gracefulShutdownLetsInFlightRequestsFinish() throws {
        let slow = HeldRoute()
        let server = try TestServer(configure: { $0.shutdownGracePeriod = 5 }, routes: { router in
            slow.add(to: &router, "/slow", answer: "finished")
        })
        let idle = try server.client()
        #expect(try idle.get("/hello").status == 200)
        let busy = try server.client()
        try busy.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(slow.reached(1))

        let drained = Atomic<Int>(-1)
        let stopper = OSThreadHandle { drained.store(server.stop() ? 1 : 0, ordering: .relaxed) }
        #expect(eventually { server.server.isDraining })
        #expect(idle.isClosedByPeer(), "idle keep-alive connections close at once")
        #expect((try? TestClient(port: server.port, timeout: 1).get("/hello")) == nil, "no new connections")
        slow.gate.open()
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "finished")
        #expect(response.header("Connection") == "close")
        stopper.join()
        #expect(drained.load(ordering: .relaxed) == 1)
    }

    @Test func notFoundMethodNotAllowedAndOptions() throws {
        let server = try TestServer()
        let client = try server.client()
        let missing = try client.get("/nope")
        #expect(missing.status == 404)
        #expect(missing.text.contains("not_found"))
        try client.send("DELETE /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let wrongMethod = try client.readResponse()
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD, OPTIONS")
        try client.send("OPTIONS /echo HTTP/1.1\r\nHost: t\r\n\r\n")
        let options = try client.readResponse()
        #expect(options.status == 204)
        #expect(options.header("Allow") == "OPTIONS, POST")
    }

    @Test func headGetsHeadersWithoutBody() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse(head: true)
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "5")
        #expect(try client.get("/hello").text == "hello", "no stray body bytes before the next response")
    }

    @Test func http10ClosesUnlessKeepAlive() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
        let keep = try server.client()
        try keep.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().header("Connection") == "keep-alive")
        try keep.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().status == 200)
    }

    @Test func malformedRequestGets400JSONAndClose() throws {
        let server = try TestServer()
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400)
        #expect(response.text.contains("content_length_with_transfer_encoding"))
        #expect(response.header("Connection") == "close")
        client.shutdownWrite()
        #expect(client.isClosedByPeer())
    }

    @Test func connectionLimitRefusesWith503() throws {
        let server = try TestServer { $0.maxConnections = 2 }
        let a = try server.client()
        let b = try server.client()
        #expect(try a.get("/hello").status == 200)
        #expect(try b.get("/hello").status == 200)
        let c = try server.client()
        let refused = try c.readResponse()
        #expect(refused.status == 503)
        #expect(server.server.stats.rejectedConnections == 1)
    }

    @Test func requestIDIsEchoedWhenSafeAndReplacedOtherwise() throws {
        let server = try TestServer()
        let client = try server.client()
        #expect(try client.get("/hello", headers: "X-Request-Id: trace-abc.123\r\n").header("X-Request-Id") == "trace-abc.123")
        let replaced = try client.get("/hello", headers: "X-Request-Id: bad id <script>\r\n").header("X-Request-Id")
        #expect(replaced != nil && replaced != "bad id <script>" && replaced?.count == 24)
    }
}

