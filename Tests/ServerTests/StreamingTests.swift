import HTTP
import Server
import Synchronization
import TestSupport
import Testing
import Threading

@Suite("Streaming responses and Server-Sent Events", .serialized)
struct StreamingTests {
    @Test func sseEventsArriveChunkedAndConnectionIsReused() throws {
        let server = try TestServer(routes: { router in
            router.add(.get, "/events") { _ in
                ServerSentEvents.response { sink in
                    try sink.send(event: "retrieval", data: #"{"n":1}"#)
                    for token in ["Hello", " world"] { try sink.send(event: "token", data: token) }
                    try sink.send(event: "done", data: "line one\nline two", id: "7")
                }
            }
        })
        let client = try server.client()
        let response = try client.get("/events")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(response.header("Transfer-Encoding") == "chunked")
        #expect(response.header("X-Accel-Buffering") == "no")
        #expect(response.text == "event: retrieval\ndata: {\"n\":1}\n\nevent: token\ndata: Hello\n\nevent: token\ndata:  world\n\n"
            + "id: 7\nevent: done\ndata: line one\ndata: line two\n\n")
        #expect(try client.get("/hello").text == "hello")
    }

    @Test func clientDisconnectCancelsTheProducer() throws {
        let cancelled = Atomic<Bool>(false)
        let server = try TestServer(routes: { router in
            router.add(.get, "/forever") { _ in
                Response(status: .ok, body: .stream({ writer in
                    do {
                        while true {
                            try writer.write(String(repeating: "x", count: 1024))
                            usleepMillis(1)
                        }
                    } catch {
                        cancelled.store(true, ordering: .relaxed)
                        throw error
                    }
                }))
            }
        })
        do {
            let client = try server.client()
            try client.send("GET /forever HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try client.readLine()
        }
        #expect(eventually { cancelled.load(ordering: .relaxed) })
        #expect(eventually { server.server.stats.openConnections == 0 })
    }

    @Test func slowReaderBlocksTheProducerInsteadOfBuffering() throws {
        let written = Atomic<Int>(0)
        let server = try TestServer(configure: { $0.maxBufferedWriteBytes = 64 * 1024 }, routes: { router in
            router.add(.get, "/big") { _ in
                Response(status: .ok, body: .stream({ writer in
                    let piece = [UInt8](repeating: 0x61, count: 16 * 1024)
                    for _ in 0..<4096 {  // 64 MiB if nothing pushed back
                        try writer.write(piece)
                        written.add(piece.count, ordering: .relaxed)
                    }
                }))
            }
        })
        let client = try server.client()
        try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        usleepMillis(300)
        // Socket buffers (a few MiB at most on loopback) plus our bounded buffer, far below 64 MiB.
        #expect(written.load(ordering: .relaxed) < 16 * 1024 * 1024)
    }

    @Test func http10StreamEndsWithClose() throws {
        let server = try TestServer(routes: { router in
            router.add(.get, "/s") { _ in
                Response(status: .ok, body: .stream({ writer in
                    try writer.write("part1,")
                    try writer.write("part2")
                }))
            }
        })
        let client = try server.client()
        try client.send("GET /s HTTP/1.0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.text == "part1,part2")
        #expect(response.header("Transfer-Encoding") == nil)
    }

    @Test func failingProducerTruncatesTheBody() throws {
        struct Boom: Error {}
        let server = try TestServer(routes: { router in
            router.add(.get, "/fail") { _ in
                Response(status: .ok, body: .stream({ writer in
                    try writer.write("partial")
                    throw Boom()
                }))
            }
        })
        let client = try server.client()
        try client.send("GET /fail HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(throws: (any Error).self) { _ = try client.readResponse() }
    }

    @Test func sseFormatting() {
        #expect(ServerSentEvents.format(event: "a\nb", data: "x\r\ny", id: nil) == "event: a b\ndata: x\ndata: y\n\n")
        #expect(ServerSentEvents.format(event: nil, data: "", id: nil) == "data: \n\n")
        #expect(ServerSentEvents.format(event: nil, data: "a\rb\n\nc", id: "1\r\n2") == "id: 1  2\ndata: a\ndata: b\ndata: \ndata: c\n\n")
    }
}
