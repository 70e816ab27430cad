#if canImport(Glibc)
import Glibc
#endif
import Store
import TestSupport
import Testing

/// `kill -9` in the middle of ingestion loses no acknowledged document and never duplicates a chunk.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test func killDuringIngestionLosesNothingAndDuplicatesNothing() throws {
        let corpus = try SciFactIngestTests.corpus().prefix(1000)
        let directory = TemporaryDirectory(prefix: "ragd-crash")
        defer { directory.remove() }
        let limits = ["RAGD_RATE_LIMITS_FREE_PER_MINUTE": "1000000", "RAGD_RATE_LIMITS_FREE_BURST": "1000000",
                      "RAGD_LOG_ACCESS": "false"]
        var (process, port) = try RagdProcessTests.serve(directory, environment: limits)
        var api = APIClient(port: port)
        let owner = try api.register("owner@crash.example")
        let kb = try api.createKnowledgeBase("scifact", token: owner.access,
                                             config: #"{"chunking":{"chunk_size":64,"chunk_overlap":8}}"#)
        var acknowledged: [String] = []
        var jobs: [String] = []
        for start in stride(from: 0, to: corpus.count, by: 500) {
            let batch = corpus[(corpus.startIndex + start)..<min(corpus.startIndex + start + 500, corpus.endIndex)]
            let reply = try api.ingest(SciFactIngestTests.request(batch), kb: kb, token: owner.access)
            try #require(reply.status == 202, "\(reply.status) \(reply.text.prefix(200))")
            jobs.append(try #require(reply.string("job_id")))
            acknowledged += (reply.object["documents"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        #expect(acknowledged.count == corpus.count)
        // Kill while documents are being processed: some ready, most not.
        let started = eventually(30) {
            let view = (try? api.get("/v1/jobs/\(jobs[0])", token: owner.access))?.object ?? [:]
            return ((view["progress"] as? [String: Any])?["done"] as? Double ?? 0) >= 20
        }
        #expect(started)
        process.send(SIGKILL)
        _ = process.wait(timeout: 10)

        (process, port) = try RagdProcessTests.serve(directory, environment: limits)
        api = APIClient(port: port)
        let session = try api.login("owner@crash.example")
        for job in jobs {
            let finished = try api.finishedJob(job, token: session.access, timeout: 240)
            #expect(finished["status"] as? String == "succeeded", "\(job): \(finished["status"] ?? "") \(finished["error"] ?? "")")
        }
        process.send(SIGTERM)
        #expect(process.wait(timeout: 30) == 0)

        let database = try SQLiteConnection(path: directory.path + "/data/ragd.sqlite", mode: .readOnly)
        func count(_ sql: String) throws -> Int { try database.queryOne(sql) { try $0.get(0, as: Int.self) } ?? -1 }
        #expect(try count("SELECT count(*) FROM documents") == corpus.count)
        #expect(try count("SELECT count(*) FROM documents WHERE status != 'ready'") == 0)
        let stored = Set(try database.query("SELECT id FROM documents") { try $0.get(0, as: String.self) })
        #expect(stored == Set(acknowledged), "acknowledged documents lost or extra documents made")
        #expect(try count("SELECT count(*) FROM (SELECT document_id, idx FROM chunks GROUP BY 1, 2 HAVING count(*) > 1)") == 0)
        #expect(try count("SELECT coalesce(sum(chunk_count), 0) FROM documents") == count("SELECT count(*) FROM chunks"))
        #expect(try count("SELECT count(*) FROM job_tasks WHERE status != 'done'") == 0)
        let blobs = Subprocess.run("/bin/ls", [directory.path + "/data/blobs"], input: []).output
            .split(separator: "\n").filter { $0.hasSuffix(".blob") }.count
        #expect(blobs == corpus.count, "one stored original per document, no orphans")
    }
}
