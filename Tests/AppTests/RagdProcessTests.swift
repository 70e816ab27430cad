import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `ragd` executable itself: command line, start-up, signals and exit codes.
@Suite("The ragd process", .serialized)
struct RagdProcessTests {
    /// The binary built next to the test bundle (the test target depends on it, so it is always fresh).
    static let binary: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(executable[..<(executable.lastIndex(of: "/") ?? executable.endIndex)]) + "/ragd"
    }()

    /// Starts `ragd serve` on a free port; returns the process and its port. Knowledge bases default to the hash
    /// embedder (the debug build's tests are about the process, not the model) unless `environment` says otherwise.
    static func serve(_ directory: TemporaryDirectory, environment: [String: String] = [:],
                       arguments: [String] = []) throws -> (ChildProcess, Int) {
        let defaults = ["RAGD_KNOWLEDGE_BASE_DEFAULTS_EMBEDDING_PROVIDER": "hash",
                        "RAGD_KNOWLEDGE_BASE_DEFAULTS_EMBEDDING_MODEL": "hash-384"]
        let process = try ChildProcess(Self.binary, ["serve", "--port", "0", "--data-dir", directory.path + "/data"]
                                       + arguments, environment: defaults.merging(environment) { $1 })
        let line = try #require(process.waitForLine(containing: #""msg":"listening""#), "\(process.lines)")
        let portText = try #require(line.split(separator: ",").first { $0.hasPrefix(#""port":"#) })
        return (process, try #require(Int(portText.dropFirst(7))))
    }

    @Test func versionAndHelpExitZero() throws {
        let version = Subprocess.run(Self.binary, ["version"], input: [])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("ragd 0.1.0\nsqlite 3."))
        let help = Subprocess.run(Self.binary, ["--help"], input: [])
        #expect(help.status == 0)
        #expect(help.output.contains("serve"))
        let serveHelp = Subprocess.run(Self.binary, ["serve", "--help"], input: [])
        #expect(serveHelp.status == 0)
        #expect(serveHelp.output.contains("--data-dir"))
    }

    @Test func badConfigurationFailsWithAClearMessage() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let missing = Subprocess.run(Self.binary, ["serve", "--config", directory.path + "/nope.yaml"], input: [])
        #expect(missing.status != 0)
        #expect(missing.output.contains("cannot open \(directory.path)/nope.yaml"))
        let badPort = Subprocess.run(Self.binary, ["serve", "--port", "99999", "--data-dir", directory.path], input: [])
        #expect(badPort.status != 0)
        #expect(badPort.output.contains("'server.port' must be an integer in 0...65535"))
    }

    @Test func portInUseFailsStartup() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (first, port) = try Self.serve(directory)
        defer { first.send(SIGKILL) }
        let second = try ChildProcess(Self.binary, ["serve", "--port", String(port), "--data-dir", directory.path + "/b"])
        #expect(second.wait(timeout: 10) == 1)
        #expect(second.lines.contains { $0.contains(#""msg":"start-up failed""#) && $0.contains("Address already in use") })
    }

    @Test func sigtermDrainsInFlightRequestsAndExitsZero() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (process, port) = try Self.serve(directory)
        let idle = try TestClient(port: port)
        #expect(try idle.get("/health").status == 200)
        let inFlight = try TestClient(port: port)
        try inFlight.send("GET /ready HTTP/1.1\r\nHost: t\r\n")  // head not finished: the request is in flight
        usleepMillis(100)

        process.send(SIGTERM)
        #expect(process.waitForLine(containing: #""msg":"draining""#) != nil)
        #expect(idle.isClosedByPeer(), "idle keep-alive connections are closed at once")
        #expect((try? TestClient(port: port, timeout: 1).get("/health")) == nil, "new connections are refused")

        try inFlight.send("\r\n")
        let response = try inFlight.readResponse()
        #expect(response.status == 503, "/ready reports draining")
        #expect(response.text.contains(#""code":"draining""#))
        #expect(response.header("Connection") == "close")
        #expect(process.wait(timeout: 10) == 0)
        #expect(process.lines.contains { $0.contains(#""msg":"stopped""#) && $0.contains(#""drained":true"#) })
    }

    @Test func graceEndsADrainThatTakesTooLong() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (process, port) = try Self.serve(directory, environment: ["RAGD_SERVER_SHUTDOWN_GRACE_SECONDS": "0.5"])
        let stuck = try TestClient(port: port)
        try stuck.send("GET /health HTTP/1.1\r\nHost: t\r\n")
        usleepMillis(100)
        process.send(SIGTERM)
        #expect(process.wait(timeout: 10) == 0)
        #expect(process.lines.contains { $0.contains(#""drained":false"#) })
        #expect(stuck.isClosedByPeer())
    }

    @Test func secondSignalExitsAtOnce() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (process, port) = try Self.serve(directory, environment: ["RAGD_SERVER_SHUTDOWN_GRACE_SECONDS": "60"])
        let stuck = try TestClient(port: port)
        try stuck.send("GET /health HTTP/1.1\r\nHost: t\r\n")
        usleepMillis(100)
        process.send(SIGTERM)
        #expect(process.waitForLine(containing: #""msg":"draining""#) != nil)
        process.send(SIGINT)
        #expect(process.wait(timeout: 5) == 1)
    }
}

/// `ragd query` against a running server.
@Suite("The ragd query command", .serialized)
struct QueryCommandTests {
    @Test func queryPrintsCitationsAndExplainsErrors() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (server, port) = try RagdProcessTests.serve(directory)
        defer { server.send(SIGKILL) }
        let api = APIClient(port: port)
        let owner = try api.register("cli@query.example")
        let kb = try api.createKnowledgeBase("cli", token: owner.access)
        let reply = try api.ingest([#"{"title":"Leave policy","text":"Parental leave lasts sixteen weeks."}"#,
                                    #"{"title":"Parking","text":"Visitors park in lot B."}"#], kb: kb, token: owner.access)
        _ = try api.finishedJob(try #require(reply.string("job_id")), token: owner.access)
        let url = "http://127.0.0.1:\(port)"

        let found = Subprocess.run(RagdProcessTests.binary, ["query", "--url", url, "--token", owner.access, "--kb", kb,
                                                             "--mode", "lexical", "parental leave"], input: [])
        #expect(found.status == 0, "\(found.output)")
        #expect(found.output.hasPrefix("[1] Leave policy"), "\(found.output)")
        #expect(found.output.contains("Parental leave lasts sixteen weeks."))
        #expect(!found.output.contains("Visitors"))

        let json = Subprocess.run(RagdProcessTests.binary, ["query", "--url", url, "--kb", kb, "--json", "--explain",
                                                            "--filter", #"{"metadata.format":"text"}"#, "parking"],
                                  input: [], environment: ["RAGD_TOKEN": owner.access])
        #expect(json.status == 0, "\(json.output)")
        #expect(json.output.contains(#""citations":"#) && json.output.contains(#""explain":"#))

        let denied = Subprocess.run(RagdProcessTests.binary, ["query", "--url", url, "--token", "nope", "--kb", kb, "x"],
                                    input: [])
        #expect(denied.status != 0)
        #expect(denied.output.contains("401"), "\(denied.output)")
        let noKB = Subprocess.run(RagdProcessTests.binary, ["query", "--url", url, "--token", owner.access, "x"], input: [])
        #expect(noKB.status != 0 && noKB.output.contains("--kb"))
        let unreachable = Subprocess.run(RagdProcessTests.binary, ["query", "--url", "http://127.0.0.1:1", "--token", "t",
                                                                   "--kb", kb, "x"], input: [])
        #expect(unreachable.status != 0 && unreachable.output.contains("cannot connect"), "\(unreachable.output)")
    }
}
