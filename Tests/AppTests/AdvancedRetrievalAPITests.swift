import TestSupport
import Testing

/// Self-query, parent-document retrieval and contextual compression through `POST /v1/query`.
@Suite("Advanced retrieval over HTTP", .serialized)
struct AdvancedRetrievalAPITests {
    @Test func selfQueryTurnsNamesAndYearsIntoFilters() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let token = try api.register("s@advanced.example").access
        let kb = try api.createKnowledgeBase("papers", token: token)
        let documents = [
            #"{"title":"Attention study","text":"Attention improves recall in long documents.","metadata":{"author":"Jane Smith","year":2019}}"#,
            #"{"title":"Attention revisited","text":"Attention improves recall, again, in long documents.","metadata":{"author":"Wei Zhang","year":2021}}"#,
            #"{"title":"Older attention","text":"Attention was first studied for recall in documents.","metadata":{"author":"Jane Smith","year":2015}}"#,
        ]
        let reply = try api.ingest(documents, kb: kb, token: token)
        _ = try api.finishedJob(try #require(reply.string("job_id")), token: token)
        let query = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"What did Smith write about attention in 2019?","generate":false,"retrieval":{"self_query":true},"explain":true}"#,
                                 token: token)
        #expect(query.status == 200, "\(query.text)")
        let titles = ((query.object["citations"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
        #expect(titles == ["Attention study"], "\(query.text)")
        let filters = (query.object["explain"] as? [String: Any])?["filters"] as? [String: Any]
        #expect(filters?["metadata.author"] != nil, "\(String(describing: filters))")
        // Without self-query all three match.
        let plain = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"What did Smith write about attention in 2019?","generate":false}"#,
                                 token: token)
        #expect(((plain.object["citations"] as? [[String: Any]]) ?? []).count == 3)
    }

    @Test func parentDocumentsReplaceTheirChildrenOnceEach() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let token = try api.register("p@advanced.example").access
        let kb = try api.createKnowledgeBase("pc", token: token, config: #"{"chunking":{"strategy":"parent_child","chunk_size":16,"chunk_overlap":0,"parent_chunk_size":64}}"#)
        let sentences = (1...12).map { "Sentence \($0) says the reactor cools with water number \($0)." }.joined(separator: " ")
        let reply = try api.ingest([#"{"title":"Reactor","text":"\#(sentences)"}"#], kb: kb, token: token)
        _ = try api.finishedJob(try #require(reply.string("job_id")), token: token)
        let body = #"{"kb_id":"\#(kb)","query":"reactor cools with water","generate":false,"top_k":6"#
        let children = try api.post("/v1/query", body + "}", token: token)
        let parents = try api.post("/v1/query", body + #","retrieval":{"parent_document":true}}"#, token: token)
        #expect(parents.status == 200, "\(parents.text)")
        let childTexts = ((children.object["citations"] as? [[String: Any]]) ?? []).compactMap { $0["text"] as? String }
        let parentCitations = (parents.object["citations"] as? [[String: Any]]) ?? []
        let parentTexts = parentCitations.compactMap { $0["text"] as? String }
        #expect(!parentTexts.isEmpty && parentTexts.count < childTexts.count, "\(parentTexts.count) vs \(childTexts.count)")
        #expect(Set(parentCitations.compactMap { $0["chunk_id"] as? String }).count == parentTexts.count)
        // Every child found is inside one of the parents returned.
        #expect(childTexts.allSatisfy { child in parentTexts.contains { $0.contains(child.trimmingCharacters(in: .whitespaces)) } })
        #expect(parentTexts.map(\.count).max()! > childTexts.map(\.count).max()!)
        // Highlights are found in the parent's own text, not carried over from the child it replaced.
        for citation in parentCitations {
            let scalars = Array(((citation["text"] as? String) ?? "").unicodeScalars)
            let spans = ((citation["highlights"] as? [[Double]]) ?? []).map { $0.map { Int($0) } }
            #expect(!spans.isEmpty, "\(citation)")
            for span in spans {
                let words = String(String.UnicodeScalarView(scalars[span[0]..<span[1]])).lowercased().split(separator: " ")
                #expect(words.allSatisfy { ["reactor", "cools", "water"].contains(String($0)) }, "\(words)")
            }
        }
    }

    @Test func compressionKeepsTheRelevantSentencesUnderHalfTheTokens() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let token = try api.register("c@advanced.example").access
        let kb = try api.createKnowledgeBase("c", token: token)
        let text = "The canteen serves lunch from noon to two. The building has six floors. Parking is in the basement. "
            + "Visitors sign in at reception. The roof has solar panels. Lunch on Fridays includes fish."
        let reply = try api.ingest([#"{"title":"Facilities","text":"\#(text)"}"#], kb: kb, token: token)
        _ = try api.finishedJob(try #require(reply.string("job_id")), token: token)
        let query = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"when is lunch served in the canteen","generate":false,"retrieval":{"compression":true},"explain":true}"#,
                                 token: token)
        #expect(query.status == 200, "\(query.text)")
        let compression = try #require((query.object["explain"] as? [String: Any])?["compression"] as? [String: Any])
        let before = try #require(compression["tokens_before"] as? Double)
        let after = try #require(compression["tokens_after"] as? Double)
        #expect(after > 0 && after <= before / 2, "\(compression)")
        let kept = try #require((compression["kept"] as? [[String: Any]])?.first)
        let ranges = ((kept["ranges"] as? [[Double]]) ?? []).map { $0.map(Int.init) }
        let scalars = Array(text.unicodeScalars)
        let keptText = ranges.map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) }.joined(separator: " ")
        #expect(keptText.contains("noon to two"), "\(keptText)")
    }
}
