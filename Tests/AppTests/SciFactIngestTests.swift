import TestSupport
import Testing

/// The whole SciFact corpus (5,183 abstracts, ../shared/data/scifact) through the public API.
@Suite("SciFact through the API", .serialized)
struct SciFactIngestTests {
    struct Abstract {
        let id: String
        let title: String
        let text: String
    }

    static func corpus() throws -> [Abstract] {
        let bytes = try #require(SharedData.read("scifact/corpus.jsonl"), "../shared/data/scifact is missing")
        return try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            let object = try #require(try JSONSerializationLite.object(Array(line.utf8)) as? [String: Any])
            return Abstract(id: try #require(object["_id"] as? String), title: object["title"] as? String ?? "",
                            text: object["text"] as? String ?? "")
        }
    }

    static func request(_ batch: ArraySlice<Abstract>) -> [String] {
        batch.map { abstract in
            #"{"external_id":\#(jsonString(abstract.id)),"title":\#(jsonString(abstract.title)),"filename":"\#(abstract.id).txt","text":\#(jsonString(abstract.title + "\n\n" + abstract.text))}"#
        }
    }

    @Test func everyAbstractIsReadyOnceAndOnlyOnce() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count == 5183)
        let app = try RunningApp { $0.ingest.maxDocumentsPerRequest = 1000 }
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@scifact.example")
        let kb = try api.createKnowledgeBase("scifact", token: owner.access)
        var jobs: [String] = []
        var start = 0
        while start < corpus.count {
            let batch = corpus[start..<min(start + 1000, corpus.count)]
            let reply = try api.ingest(Self.request(batch), kb: kb, token: owner.access)
            #expect(reply.status == 202, "\(reply.status) \(reply.text.prefix(300))")
            jobs.append(try #require(reply.string("job_id")))
            start += batch.count
        }
        for job in jobs {
            let finished = try api.finishedJob(job, token: owner.access, timeout: 300)
            #expect(finished["status"] as? String == "succeeded", "\(job): \(finished["error"] ?? "")")
        }
        var ready: [String: String] = [:]
        var cursor: String?
        repeat {
            let query = "/v1/knowledge-bases/\(kb)/documents?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try api.get(query, token: owner.access)
            try #require(page.status == 200, "\(page.status) \(page.text.prefix(200))")
            for document in JSONSerializationLite.list(page.body) {
                #expect(document["status"] as? String == "ready")
                let external = try #require(document["external_id"] as? String)
                #expect(ready[external] == nil, "duplicate document for \(external)")
                ready[external] = document["id"] as? String
            }
            cursor = page.string("next_cursor")
        } while cursor != nil
        #expect(ready.count == 5183)
        let missing = Set(corpus.map(\.id)).subtracting(ready.keys)
        #expect(missing.isEmpty, "\(missing.count) abstracts missing, e.g. \(missing.prefix(5))")
        let stats = try #require(try api.get("/v1/knowledge-bases/\(kb)", token: owner.access).object["stats"] as? [String: Any])
        #expect(stats["documents"] as? Double == 5183)

        // Sending a batch again changes nothing.
        let again = try api.ingest(Self.request(corpus[0..<200]), kb: kb, token: owner.access)
        let documents = try #require(again.object["documents"] as? [[String: Any]])
        #expect(documents.allSatisfy { $0["deduplicated"] as? Bool == true })
        #expect(documents.map { $0["id"] as? String } == corpus[0..<200].map { ready[$0.id] })
        let after = try #require(try api.get("/v1/knowledge-bases/\(kb)", token: owner.access).object["stats"] as? [String: Any])
        #expect(after["documents"] as? Double == 5183)
    }
}
