#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

@Suite("Ingestion over HTTP", .serialized)
struct IngestAPITests {
    static let markdown = """
        # Leave policy

        Employees get 25 days of paid leave per year. Unused days carry over until March.

        ## Sick leave

        Sick leave needs a doctor's note after three days.
        """

    /// Blob files in the app's data directory (each stored original is one).
    private func blobCount(_ app: RunningApp) -> Int {
        let listing = Subprocess.run("/bin/ls", ["-a", app.application.config.dataDirectory + "/blobs"], input: []).output
        return listing.split(separator: "\n").filter { $0.hasSuffix(".blob") || $0.hasSuffix(".tmp") }.count
    }

    @Test func jsonDocumentsBecomeReadyAndReadable() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("hr", token: owner.access)
        let reply = try api.ingest([
            #"{"text":\#(jsonString(Self.markdown)),"filename":"leave.md","external_id":"policy-1","metadata":{"team":"hr","year":2026,"tags":["a","b"]}}"#,
            #"{"content_base64":"\#(Base64.encode(Array("plain words, nothing more".utf8)))","filename":"C:\\docs\\note.txt"}"#,
        ], kb: kb, token: owner.access)
        #expect(reply.status == 202, "\(reply.text)")
        let jobID = try #require(reply.string("job_id"))
        #expect(reply.header("Location") == "/v1/jobs/\(jobID)")
        let documents = try #require(reply.object["documents"] as? [[String: Any]])
        #expect(documents.count == 2)
        #expect(documents.allSatisfy { $0["status"] as? String == "queued" && $0["deduplicated"] as? Bool == false })
        #expect(documents[0]["external_id"] as? String == "policy-1")

        let job = try api.finishedJob(jobID, token: owner.access)
        #expect(job["status"] as? String == "succeeded")
        #expect((job["progress"] as? [String: Any])?["done"] as? Double == 2)
        #expect((job["documents"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "ready" } == true)

        let id = try #require(documents[0]["id"] as? String)
        let document = try api.get("/v1/documents/\(id)", token: owner.access)
        #expect(document.status == 200)
        let view = document.object
        #expect(view["status"] as? String == "ready")
        #expect(view["title"] as? String == "Leave policy")
        #expect(view["filename"] as? String == "leave.md")
        #expect(view["content_type"] as? String == "text/markdown")
        #expect(view["version"] as? Double == 1)
        #expect(view["kb_id"] as? String == kb)
        #expect((view["content_sha256"] as? String)?.count == 64)
        let metadata = try #require(view["metadata"] as? [String: Any])
        #expect(metadata["team"] as? String == "hr")
        #expect(metadata["year"] as? Double == 2026)
        #expect(metadata["format"] as? String == "markdown")
        let chunks = JSONSerializationLite.list(try api.get("/v1/documents/\(id)/chunks", token: owner.access).body)
        #expect(Double(chunks.count) == view["chunks"] as? Double)
        #expect(chunks.first?["index"] as? Double == 0)
        #expect((chunks.first?["text"] as? String)?.contains("25 days") == true)
        #expect((chunks.first?["token_count"] as? Double ?? 0) > 0)

        let second = try #require(documents[1]["id"] as? String)
        #expect(try api.get("/v1/documents/\(second)", token: owner.access).string("filename") == "note.txt")

        let listed = JSONSerializationLite.list(try api.get("/v1/knowledge-bases/\(kb)/documents?status=ready",
                                                            token: owner.access).body)
        #expect(Set(listed.compactMap { $0["id"] as? String }) == [id, second])
        #expect(try api.get("/v1/knowledge-bases/\(kb)/documents?status=bogus", token: owner.access).status == 400)
        let stats = try #require(try api.get("/v1/knowledge-bases/\(kb)", token: owner.access).object["stats"] as? [String: Any])
        #expect(stats["documents"] as? Double == 2)
        #expect((stats["chunks"] as? Double ?? 0) >= 2)
    }

    @Test func duplicatesAndNewVersions() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("hr", token: owner.access)
        let first = try api.ingest([#"{"text":"Version one of the travel policy.","external_id":"travel"}"#], kb: kb,
                                   token: owner.access)
        _ = try api.finishedJob(try #require(first.string("job_id")), token: owner.access)
        let id = try #require((first.object["documents"] as? [[String: Any]])?.first?["id"] as? String)

        let same = try api.ingest([#"{"text":"Version one of the travel policy."}"#], kb: kb, token: owner.access)
        let sameDocument = try #require((same.object["documents"] as? [[String: Any]])?.first)
        #expect(sameDocument["id"] as? String == id)
        #expect(sameDocument["deduplicated"] as? Bool == true)
        #expect(sameDocument["status"] as? String == "ready")

        let next = try api.ingest([#"{"text":"Version two: trains instead of planes.","external_id":"travel"}"#], kb: kb,
                                  token: owner.access)
        #expect((next.object["documents"] as? [[String: Any]])?.first?["id"] as? String == id)
        _ = try api.finishedJob(try #require(next.string("job_id")), token: owner.access)
        let document = try api.get("/v1/documents/\(id)", token: owner.access).object
        #expect(document["version"] as? Double == 2)
        let texts = JSONSerializationLite.list(try api.get("/v1/documents/\(id)/chunks", token: owner.access).body)
            .compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains("trains") })
        #expect(!texts.contains { $0.contains("Version one") })
        let all = JSONSerializationLite.list(try api.get("/v1/knowledge-bases/\(kb)/documents", token: owner.access).body)
        #expect(all.count == 1)
        #expect(blobCount(app) == 1, "replaced and duplicate originals are not kept")
    }

    @Test func multipartUploadsStreamFilesWithSharedMetadata() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("files", token: owner.access)
        let csv = "name,role\nAda,engineer\nGrace,admiral\n"
        let html = "<html><head><title>Page</title><script>var x;</script></head><body><h1>Hello</h1><p>World text.</p></body></html>"
        let reply = try api.upload("/v1/knowledge-bases/\(kb)/documents", parts: [
            .field("metadata", #"{"source":"upload"}"#),
            .file("people.csv", Array(csv.utf8), type: "text/csv"),
            .file("page.html", Array(html.utf8), type: "application/octet-stream"),
            .file("policy.md", Array(Self.markdown.utf8)),
        ], token: owner.access)
        #expect(reply.status == 202, "\(reply.text)")
        let job = try api.finishedJob(try #require(reply.string("job_id")), token: owner.access)
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let documents = JSONSerializationLite.list(try api.get("/v1/knowledge-bases/\(kb)/documents", token: owner.access).body)
        #expect(documents.count == 3)
        let byName = Dictionary(uniqueKeysWithValues: documents.compactMap { document in
            (document["filename"] as? String).map { ($0, document) }
        })
        #expect(byName["people.csv"]?["content_type"] as? String == "text/csv")
        #expect(byName["page.html"]?["content_type"] as? String == "text/html")
        #expect(byName["page.html"]?["title"] as? String == "Page")
        #expect(documents.allSatisfy { ($0["metadata"] as? [String: Any])?["source"] as? String == "upload" })
    }

    @Test func refusedUploadsLeaveNothingBehind() throws {
        let app = try RunningApp(configure: { config in
            config.ingest.maxFileBytes = 1000
            config.ingest.maxDocumentsPerRequest = 3
        })
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("files", token: owner.access)
        let small = MultipartPart.file("a.txt", Array("small file".utf8))
        let path = "/v1/knowledge-bases/\(kb)/documents"
        let cases: [(Int, String, APIClient.Reply)] = [
            (413, "file_too_large", try api.upload(path, parts: [small, .file("big.txt", [UInt8](repeating: 65, count: 1001))],
                                                   token: owner.access)),
            (400, "unknown_field", try api.upload(path, parts: [small, .field("colour", "red")], token: owner.access)),
            (400, "invalid_request", try api.upload(path, parts: [.field("metadata", "{}")], token: owner.access)),
            (400, "invalid_request", try api.upload(path, parts: [small, small, .field("external_id", "x")],
                                                    token: owner.access)),
            (400, "invalid_request", try api.upload(path, parts: [small, .field("metadata", "[1,2]")], token: owner.access)),
            (400, "too_many_documents", try api.upload(path, parts: [small, small, small, small], token: owner.access)),
            (400, "multipart_truncated", try api.send("POST", path, token: owner.access,
                                                      contentType: "multipart/form-data; boundary=xyz",
                                                      body: Array("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc".utf8))),
            (400, "multipart_missing_boundary", try api.send("POST", path, token: owner.access,
                                                             contentType: "multipart/form-data", body: [1, 2, 3])),
            (415, "unsupported_media_type", try api.send("POST", path, token: owner.access, contentType: "text/plain",
                                                         body: Array("hello".utf8))),
            (400, "invalid_request", try api.ingest([#"{"text":"a","content_base64":"YQ=="}"#], kb: kb, token: owner.access)),
            (400, "invalid_request", try api.ingest([#"{"filename":"a.txt"}"#], kb: kb, token: owner.access)),
            (400, "invalid_base64", try api.ingest([#"{"content_base64":"***"}"#], kb: kb, token: owner.access)),
            (413, "file_too_large", try api.ingest([#"{"text":"\#(String(repeating: "x", count: 1001))"}"#], kb: kb,
                                                   token: owner.access)),
            (400, "unknown_field", try api.ingest([#"{"text":"a","owner":"me"}"#], kb: kb, token: owner.access)),
            (400, "duplicate_external_id", try api.ingest([#"{"text":"a","external_id":"x"}"#, #"{"text":"b","external_id":"x"}"#],
                                                          kb: kb, token: owner.access)),
            (400, "invalid_request", try api.ingest([#"{"text":"a","metadata":{"nested":{"deep":1}}}"#], kb: kb,
                                                    token: owner.access)),
            (400, "invalid_request", try api.ingest([#"{"text":"a","content_type":"not a type"}"#], kb: kb, token: owner.access)),
            (400, "invalid_request", try api.ingest([#"{"text":"a","external_id":""}"#], kb: kb, token: owner.access)),
            (400, "invalid_request", try api.ingest([], kb: kb, token: owner.access)),
            (400, "invalid_request", try api.post("/v1/ingest", #"{"documents":[{"text":"a"}]}"#, token: owner.access)),
            (404, "not_found", try api.ingest([#"{"text":"a"}"#], kb: "kb_doesnotexist", token: owner.access)),
            (400, "invalid_request", try api.post("/v1/knowledge-bases/\(kb)/documents",
                                                  #"{"kb_id":"kb_other","documents":[{"text":"a"}]}"#, token: owner.access)),
        ]
        for (status, code, reply) in cases {
            #expect(reply.status == status && reply.errorCode == code, "expected \(status) \(code): \(reply.status) \(reply.text)")
        }
        #expect(JSONSerializationLite.list(try api.get("/v1/knowledge-bases/\(kb)/documents", token: owner.access).body).isEmpty)
        #expect(blobCount(app) == 0, "refused uploads left blobs")
        let spooled = Subprocess.run("/bin/ls", ["-a", app.application.config.dataDirectory + "/uploads"], input: []).output
        #expect(!spooled.contains(".upload-"), "request bodies left in uploads/")
    }

    @Test func uploadsNobodyMayMakeAreRefusedBeforeTheirBody() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("hr", token: owner.access)
        let other = try api.register("owner@other.example", org: "Other")
        let heads = [
            ("POST /v1/ingest HTTP/1.1\r\n", 401),
            ("POST /v1/knowledge-bases/\(kb)/documents HTTP/1.1\r\nAuthorization: Bearer \(other.access)\r\n", 404),
            ("POST /v1/knowledge-bases/\(kb)/documents HTTP/1.1\r\nAuthorization: Bearer not-a-token\r\n", 401),
        ]
        for (start, status) in heads {
            let client = try app.client()
            // 200 MB announced, none sent: the answer must come from the head alone.
            try client.send(start + "Host: t\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 209715200\r\n\r\n")
            let reply = try client.readResponse()
            #expect(reply.status == status, "\(start) → \(reply.status)")
        }
        let spooled = Subprocess.run("/bin/ls", ["-a", app.application.config.dataDirectory + "/uploads"], input: []).output
        #expect(!spooled.contains(".upload-"), "a refused upload was written to disk")
    }

    @Test func jobsCanBeCanceledAndDocumentsDeleted() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@ing.example")
        let kb = try api.createKnowledgeBase("hr", token: owner.access)
        let reply = try api.ingest([#"{"text":\#(jsonString(Self.markdown))}"#], kb: kb, token: owner.access)
        let jobID = try #require(reply.string("job_id"))
        let job = try api.finishedJob(jobID, token: owner.access)
        #expect(job["status"] as? String == "succeeded")
        let cancel = try api.post("/v1/jobs/\(jobID)/cancel", "{}", token: owner.access)
        #expect(cancel.status == 409)
        #expect(cancel.errorCode == "job_finished")
        #expect(try api.post("/v1/jobs/job_nope/cancel", "{}", token: owner.access).status == 404)

        let id = try #require((reply.object["documents"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try api.send("DELETE", "/v1/documents/\(id)", token: owner.access).status == 204)
        #expect(try api.get("/v1/documents/\(id)", token: owner.access).status == 404)
        #expect(try api.get("/v1/documents/\(id)/chunks", token: owner.access).status == 404)
        #expect(blobCount(app) == 0)
        let audit = try api.get("/v1/admin/audit-log", token: owner.access).text
        for action in ["knowledge_base_created", "document_ingested", "document_deleted"] {
            #expect(audit.contains(action), "\(action) missing from the audit log")
        }
    }
}

/// Standard padded base64, for request bodies.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return out
    }
}
