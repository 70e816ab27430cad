@testable import App
import FoundationEssentials
import Observability
import Store
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("The application over real sockets", .serialized)
struct ApplicationTests {
    @Test func oneDataDirectoryServesOneProcess() throws {
        let app = try RunningApp()
        var config = app.application.config
        config.server.port = 0
        let second = Application(config: config, logSink: MemoryLogSink())
        do {
            try second.start()
            second.shutdown()
            Issue.record("a second server started on the same data directory")
        } catch {
            #expect("\(error)".contains("in use by another ragd process"))
        }
        #expect(try app.client().get("/health").status == 200, "the first one is untouched")
        app.application.shutdown()
        let third = Application(config: config, logSink: MemoryLogSink())
        try third.start()
        third.shutdown()
    }

    @Test func healthAndReady() throws {
        let app = try RunningApp()
        let client = try app.client()
        let health = try client.get("/health")
        #expect(health.status == 200)
        #expect(health.text == #"{"status":"ok"}"#)
        #expect(health.header("Content-Type") == "application/json; charset=utf-8")
        #expect(try client.get("/ready").text == #"{"status":"ready"}"#)
        app.application.readiness.set(.draining)
        let draining = try client.get("/ready")
        #expect(draining.status == 503)
        #expect(draining.text.contains(#""code":"draining""#))
    }

    @Test func errorsCarryTheRequestIDOfTheirResponse() throws {
        let app = try RunningApp()
        let client = try app.client()
        let missing = try client.get("/v1/nothing-here")
        #expect(missing.status == 404)
        let id = try #require(missing.header("X-Request-Id"))
        #expect(missing.text == #"{"error":{"code":"not_found","message":"No such resource.","request_id":"\#(id)"}}"#)
        try client.send("DELETE /health HTTP/1.1\r\nHost: t\r\n\r\n")
        let wrongMethod = try client.readResponse()
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.text.contains(#""code":"method_not_allowed""#))
        let bad = try app.client()
        try bad.send("GET /health HTTP/1.1\r\nHost: t\r\nX-Bad : 1\r\n\r\n")
        let malformed = try bad.readResponse()
        #expect(malformed.status == 400)
        #expect(malformed.text.contains(#""code":"whitespace_before_colon""#))
        #expect(malformed.text.contains(try #require(malformed.header("X-Request-Id"))))
    }

    struct AccessLine: Decodable {
        let time: String
        let level: String
        let msg: String
        let type: String
        let request_id: String
        let method: String
        let route: String
        let path: String
        let status: Int
        let duration_ms: Double
        let bytes: Int
    }

    @Test func everyRequestIsLoggedAsOneJSONLine() throws {
        let app = try RunningApp()
        let client = try app.client()
        let response = try client.get("/health?probe=1", headers: "X-Request-Id: abc-123\r\n")
        #expect(response.header("X-Request-Id") == "abc-123")
        let line = try #require(app.logs.lines.first { $0.contains(#""msg":"request""#) })
        let record = try JSONDecoder().decode(AccessLine.self, from: Data(line.utf8))
        #expect(record.level == "info")
        #expect(record.type == "access")
        #expect(record.request_id == "abc-123")
        #expect(record.method == "GET")
        #expect(record.route == "/health")
        #expect(record.path == "/health")
        #expect(record.status == 200)
        #expect(record.bytes == 15)
        #expect(record.duration_ms >= 0)
        #expect(record.time.hasSuffix("Z") && record.time.count == 24)
        #expect(app.logs.lines.contains { $0.contains(#""msg":"listening""#) })
    }

    @Test func accessLogCanBeTurnedOff() throws {
        let app = try RunningApp { $0.log.access = false }
        #expect(try app.client().get("/health").status == 200)
        #expect(!app.logs.lines.contains { $0.contains(#""msg":"request""#) })
    }

    @Test(.enabled(if: Subprocess.isExecutable("/usr/bin/promtool")))
    func metricsPassPromtool() throws {
        let app = try RunningApp()
        let client = try app.client()
        _ = try client.get("/health")
        _ = try client.get("/nope")
        let metrics = try client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        #expect(metrics.text.contains(#"ragd_http_requests_total{method="GET",route="/health",status="200"} 1"#))
        #expect(metrics.text.contains(#"ragd_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
        for name in ["ragd_http_request_duration_seconds_bucket", "ragd_http_connections_open", "ragd_ready 1",
                     "ragd_worker_pool_queue_depth", "process_resident_memory_bytes", "ragd_uptime_seconds",
                     "ragd_build_info{version=", "ragd_http_connections_max 10000", "ragd_query_history_backlog 0",
                     "ragd_query_history_dropped_total 0"] {
            #expect(metrics.text.contains(name), "missing \(name)")
        }
        let check = Subprocess.run("/usr/bin/promtool", ["check", "metrics"], input: metrics.body)
        #expect(check.status == 0, "promtool: \(check.output)")
        #expect(check.output.isEmpty, "promtool lint: \(check.output)")
    }

    @Test func tenThousandRandom404sAddNoSeries() throws {
        let app = try RunningApp { $0.log.access = false }
        let client = try app.client()
        // Every label combination the flood will use exists once before the first snapshot.
        for method in ["GET", "POST", "PUT", "BREW"] {
            try client.send("\(method) /warm-up HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n")
            #expect(try client.readResponse().status == 404)
        }
        _ = try client.get("/metrics")
        let before = Self.seriesNames(try client.get("/metrics").text)
        var generator = SplitMix64(seed: 7)
        for batch in 0..<100 {
            var requests = ""
            for index in 0..<100 {
                let method = ["GET", "POST", "PUT", "X\(UInt32.random(in: 0...9999, using: &generator))"][index % 4]
                let path = "/\(batch)/\(UInt64.random(in: 0...UInt64.max, using: &generator))/%7Bid%7D"
                requests += "\(method) \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"
            }
            try client.send(requests)
            for _ in 0..<100 { #expect(try client.readResponse().status == 404) }
        }
        let after = Self.seriesNames(try client.get("/metrics").text)
        #expect(after.subtracting(before).isEmpty, "new series: \(after.subtracting(before).sorted().prefix(5))")
        #expect(before.count == after.count)
    }

    /// Series identities (name and labels) of an exposition, without values.
    static func seriesNames(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            String(line[..<(line.lastIndex(of: " ") ?? line.endIndex)])
        })
    }

    @Test func metricsCanRequireAToken() throws {
        let app = try RunningApp { $0.metrics.authToken = "s3cret-token" }
        let client = try app.client()
        #expect(try client.get("/metrics").status == 401)
        #expect(try client.get("/metrics", headers: "Authorization: Bearer wrong\r\n").status == 401)
        #expect(try client.get("/metrics", headers: "Authorization: Bearer s3cret-token\r\n").status == 200)
    }

    @Test func metricsCanBeDisabled() throws {
        let app = try RunningApp { $0.metrics.enabled = false }
        #expect(try app.client().get("/metrics").status == 404)
    }

    @Test func openAPIDescribesEveryRoute() throws {
        let app = try RunningApp()
        let response = try app.client().get("/openapi.json")
        #expect(response.status == 200)
        struct Document: Decodable {
            let openapi: String
            let paths: [String: [String: Operation]]
            struct Operation: Decodable { let operationId: String; let responses: [String: ResponseObject] }
            struct ResponseObject: Decodable {}
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(response.body))
        #expect(document.openapi == "3.1.0")
        for (method, path) in [("get", "/health"), ("get", "/ready"), ("get", "/metrics"), ("get", "/openapi.json")] {
            #expect(document.paths[path]?[method] != nil, "\(method) \(path) undocumented")
        }
        let python = "/usr/bin/env"
        let check = Subprocess.run(python, ["python3", "-c", """
            import json, sys
            try:
                from openapi_spec_validator import validate
            except ImportError:
                print("SKIP"); sys.exit(0)
            validate(json.load(sys.stdin)); print("VALID")
            """], input: response.body)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("VALID") || check.output.contains("SKIP"))
    }

    @Test func dataDirectoryIsPrivateAndTheDatabaseIsMigrated() throws {
        let app = try RunningApp()
        var info = stat()
        #expect(stat(app.application.config.dataDirectory, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        let connection = try SQLiteConnection(path: app.application.config.dataDirectory + "/ragd.sqlite", mode: .readOnly)
        let instance: String? = try connection.queryOne("SELECT id FROM instance") { try $0.get(0) }
        #expect(instance?.hasPrefix("inst_") == true)
    }

    @Test func unwritableDataDirectoryFailsStartup() throws {
        let directory = TemporaryDirectory(prefix: "ragd-ro")
        defer { directory.remove() }
        var config = RagdConfig()
        config.server.port = 0
        config.dataDirectory = directory.path + "/file"
        _ = Subprocess.run("/usr/bin/touch", [config.dataDirectory], input: [])
        let application = Application(config: config, logSink: MemoryLogSink())
        #expect(throws: (any Error).self) { try application.start() }
    }
}
