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
}
