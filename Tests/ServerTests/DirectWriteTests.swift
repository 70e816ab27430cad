import HTTP
import Server
import Synchronization
import TestSupport
import Testing
import Threading

/// Pool responses that workers send themselves (`DirectWrite`), and every way the loop can meet them half-way.
@Suite("Responses written by workers", .serialized)
struct DirectWriteTests {
    /// 8 MiB, more than a socket takes while its reader sleeps: the worker sends what fits and the loop the rest.
    private static let big = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }

    @Test func aResponseLargerThanTheSocketBufferArrivesWholeAndTheConnectionGoesOn() throws {
        let server = try TestServer(routes: { router in
            router.add(.get, "/big") { _ in Response(status: .ok, contentType: "application/octet-stream", bytes: Self.big) }
        })
        let client = try server.client(timeout: 10)
        try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        usleepMillis(300)  // the worker meets a full socket
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.body == Self.big)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok")
        #expect(try client.readResponse().text == "ok")
    }

    @Test func aKeptAliveConnectionStillTimesOutAfterAWorkerWrittenResponse() throws {
        let server = try TestServer { $0.keepAliveTimeout = 0.3 }
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nhi")
        let response = try client.readResponse()
        #expect(response.text == "hi")
        #expect(response.header("Connection") == nil)
        #expect(response.header("Date")?.hasSuffix("GMT") == true)
        #expect(client.isClosedByPeer())
        #expect(eventually { server.server.stats.openConnections == 0 && server.server.stats.requestsInFlight == 0 })
    }

    /// A server whose pool route `/gated` answers `answer` once `gate` opens, and a client whose request to it is
    /// being handled. The loops tick once a minute, so what follows depends on the worker's notice, not on a timer
    /// tick noticing the written response: a lost notice runs into the client's 5-second timeout.
    private func gatedRequest(answer: String) throws -> (server: TestServer, client: TestClient, gate: Gate) {
        let held = HeldRoute()
        let server = try TestServer(configure: { $0.tickInterval = 60 }, routes: { router in
            held.add(to: &router, "/gated", answer: answer)
        })
        let client = try server.client()
        try client.send("GET /gated HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(held.reached(1))
        return (server, client, held.gate)
    }

    @Test func aRequestPipelinedWhileTheWorkerRunsIsAnsweredAfterIt() throws {
        let (server, client, gate) = try gatedRequest(answer: "first")
        try withExtendedLifetime(server) {
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nsecond")
            usleepMillis(50)  // the loop has read the second request while the first is handled
            gate.open()
            #expect(try client.readResponse().text == "first")
            #expect(try client.readResponse().text == "second")
        }
    }

    @Test func aClientThatHalfClosesGetsItsAnswerThenTheConnectionCloses() throws {
        let (server, client, gate) = try gatedRequest(answer: "answer")
        client.shutdownWrite()
        usleepMillis(50)
        gate.open()
        let response = try client.readResponse()
        #expect(response.text == "answer")
        #expect(response.header("Connection") == "close")
        #expect(client.isClosedByPeer())
        #expect(eventually { server.server.stats.openConnections == 0 })
    }

    /// Many connections at once, each a run of keep-alive requests: every answer is its own request's.
    @Test func concurrentKeepAliveClientsEachGetTheirOwnAnswers() throws {
        let server = try TestServer()
        let failures = Atomic<Int>(0)
        let threads = (0..<8).map { worker in
            OSThread.spawn(name: "client-\(worker)") {
                guard let client = try? server.client() else {
                    failures.add(1, ordering: .relaxed)
                    return
                }
                for index in 0..<200 {
                    let body = "w\(worker)-\(index)"
                    guard (try? client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")) != nil,
                          let response = try? client.readResponse(), response.text == body else {
                        failures.add(1, ordering: .relaxed)
                        return
                    }
                }
            }
        }
        threads.forEach { $0.join() }
        #expect(failures.load(ordering: .relaxed) == 0)
        #expect(eventually { server.server.stats.requestsInFlight == 0 })
    }
}
