#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Server
import Synchronization
import TestSupport
import Testing

@Suite("Upload bodies streamed to disk", .serialized)
struct UploadSpoolTests {
    private func entries(_ directory: String) -> [String] {
        Subprocess.run("/bin/ls", ["-A", directory], input: []).output.split(separator: "\n").map(String.init)
    }

    @Test func bodyArrivesAsAFileThatIsRemovedAfterTheHandler() throws {
        let directory = TemporaryDirectory(prefix: "ragd-spool")
        defer { directory.remove() }
        let seenPath = Mutex<String>("")
        let server = try TestServer(routes: { router in
            router.add(.post, "/upload", maxBodyBytes: 50 * 1024 * 1024, bodyStorage: .file(directory: directory.path)) { request in
                let path = request.bodyFile ?? ""
                seenPath.withLock { $0 = path }
                let contents = Subprocess.run("/usr/bin/wc", ["-c", path], input: []).output
                return Response(status: .ok, contentType: "text/plain",
                                bytes: Array("\(request.body.count) \(contents.split(separator: " ").first ?? "")".utf8))
            }
        })
        let client = try server.client()
        let size = 3 * 1024 * 1024 + 17
        try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(size)\r\n\r\n")
        var sent = 0
        while sent < size {
            let piece = min(65_536, size - sent)
            try client.send([UInt8](repeating: 0x61, count: piece))
            sent += piece
        }
        let response = try client.readResponse()
        #expect(response.text == "0 \(size)", "nothing in memory, everything in the file")
        #expect(seenPath.withLock { $0 }.hasPrefix(directory.path + "/.upload-"))
        #expect(entries(directory.path).isEmpty, "the file is gone once the handler returned")

        try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "0 5")
    }

    @Test func abortedAndOversizedUploadsLeaveNothing() throws {
        let directory = TemporaryDirectory(prefix: "ragd-spool")
        defer { directory.remove() }
        let server = try TestServer(routes: { router in
            router.add(.post, "/upload", maxBodyBytes: 1024 * 1024, bodyStorage: .file(directory: directory.path)) { _ in
                Response(status: .ok)
            }
        })
        do {
            let client = try server.client()
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n")
            try client.send([UInt8](repeating: 1, count: 50_000))
            #expect(eventually { entries(directory.path).count == 1 }, "the spool exists while the body arrives")
        }
        #expect(eventually { entries(directory.path).isEmpty }, "a client that leaves takes its partial upload with it")
        let client = try server.client()
        try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
        try client.send("100000\r\n" + String(repeating: "x", count: 0x100000) + "\r\n100\r\n" + String(repeating: "y", count: 0x100))
        #expect(try client.readResponse().status == 413)
        #expect(eventually { entries(directory.path).isEmpty })
    }

    @Test func admissionRefusesBeforeAnyOfTheBodyIsStored() throws {
        let directory = TemporaryDirectory(prefix: "ragd-spool")
        defer { directory.remove() }
        let handled = Mutex(0)
        let server = try TestServer(configure: { $0.limits.maxBodyBytes = 64 * 1024 * 1024 }, routes: { router in
            router.add(.post, "/upload/{who}", maxBodyBytes: 50 * 1024 * 1024, bodyStorage: .file(directory: directory.path),
                       admission: { request in
                           guard request.parameters["who"] == "ok", request.header("Authorization") == "yes" else {
                               throw HTTPError(.unauthorized, code: "unauthorized", message: "No.")
                           }
                       }) { request in
                handled.withLock { $0 += 1 }
                let size = Subprocess.run("/usr/bin/wc", ["-c", request.bodyFile ?? "/dev/null"], input: []).output
                return Response(status: .ok, contentType: "text/plain",
                                bytes: Array(String(size.split(separator: " ").first ?? "").utf8))
            }
        })
        // A 40 MB upload announced without credentials is answered from its head: nothing is spooled, and the
        // client learns it before sending the body.
        let refused = try server.client()
        try refused.send("POST /upload/ok HTTP/1.1\r\nHost: t\r\nContent-Length: 40000000\r\n\r\n")
        let answer = try refused.readResponse()
        #expect(answer.status == 401)
        #expect(answer.header("Connection") == "close")
        #expect(entries(directory.path).isEmpty)

        // Expect: 100-continue: no 100 for a refused request, only the final answer.
        let waiting = try server.client()
        try waiting.send("POST /upload/other HTTP/1.1\r\nHost: t\r\nAuthorization: yes\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(try waiting.readResponse().status == 401)

        // Admitted: the body is read and the handler runs; keep-alive and pipelining go on as usual.
        let admitted = try server.client()
        try admitted.send("POST /upload/ok HTTP/1.1\r\nHost: t\r\nAuthorization: yes\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        #expect(try admitted.readResponse().status == 100)
        try admitted.send("hello")
        #expect(try admitted.readResponse().text == "5")
        try admitted.send("POST /upload/ok HTTP/1.1\r\nHost: t\r\nAuthorization: yes\r\nContent-Length: 3\r\n\r\nabc"
                          + "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try admitted.readResponse().text == "3")
        #expect(try admitted.readResponse().text == "hello")
        #expect(handled.withLock { $0 } == 2)
        #expect(eventually { entries(directory.path).isEmpty })
    }
}
