import TestSupport
import Testing

@Suite("Query over HTTP", .serialized)
struct QueryAPITests {
    static let documents = [
        #"{"external_id":"leave","title":"Leave policy","text":"Employees get 25 days of paid parental leave per year. Unused days carry over until March.","metadata":{"team":"hr","year":2026}}"#,
        #"{"external_id":"vpn","title":"VPN setup","text":"Install the VPN client, then sign in with your badge PPR-9087 and a one-time code.","metadata":{"team":"it","year":2025}}"#,
        #"{"external_id":"lunch","title":"Canteen","text":"The canteen serves lunch from noon to two; vegetarian dishes every day.","metadata":{"team":"facilities","year":2024}}"#,
    ]

    /// An owner with a knowledge base holding the three documents above, all ready.
    func seeded(_ app: RunningApp, email: String) throws -> (api: APIClient, token: String, kb: String) {
        let api = APIClient(port: app.port)
        let owner = try api.register(email)
        let kb = try api.createKnowledgeBase("handbook", token: owner.access)
        let reply = try api.ingest(Self.documents, kb: kb, token: owner.access)
        #expect(reply.status == 202, "\(reply.text)")
        let job = try api.finishedJob(try #require(reply.string("job_id")), token: owner.access)
        #expect(job["status"] as? String == "succeeded")
        return (api, owner.access, kb)
    }

    func query(_ api: APIClient, _ token: String, _ body: String) throws -> APIClient.Reply {
        try api.post("/v1/query", body, token: token)
    }

    func citations(_ reply: APIClient.Reply) -> [[String: Any]] {
        (reply.object["citations"] as? [[String: Any]]) ?? []
    }

    @Test func eachModeFindsTheMatchingDocumentWithHighlightsAndExplain() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "q@query.example")
        for mode in ["lexical", "dense", "hybrid"] {
            let reply = try query(api, token, #"{"kb_id":"\#(kb)","query":"parental leave days","top_k":2,"generate":false,"retrieval":{"mode":"\#(mode)"},"explain":true}"#)
            #expect(reply.status == 200, "\(mode): \(reply.text)")
            let found = citations(reply)
            #expect(!found.isEmpty && found.count <= 2, "\(mode)")
            let first = try #require(found.first)
            #expect(first["title"] as? String == "Leave policy", "\(mode): \(reply.text)")
            #expect(first["marker"] as? Double == 1)
            let text = try #require(first["text"] as? String)
            let scalars = Array(text.unicodeScalars)
            let highlights = try #require(first["highlights"] as? [[Double]]).map { $0.map { Int($0) } }
            if mode != "dense" { #expect(!highlights.isEmpty) }
            for span in highlights {
                #expect(span.count == 2 && 0 <= span[0] && span[0] < span[1] && span[1] <= scalars.count)
                let word = String(String.UnicodeScalarView(scalars[span[0]..<span[1]])).lowercased()
                #expect(word.contains("leave") || word.contains("parental") || word.contains("day"), "\(word)")
            }
            #expect(reply.object["answer"] == nil)
            #expect((reply.string("query_id") ?? "").hasPrefix("q_"))
            let explain = try #require(reply.object["explain"] as? [String: Any])
            let hits = try #require(explain["hits"] as? [[String: Any]])
            #expect(hits.count == found.count)
            #expect((explain["query_tokens"] as? [String])?.contains("parent") == true
                    || (explain["query_tokens"] as? [String])?.contains("parental") == true)
            if mode == "hybrid" { #expect(hits[0]["dense_rank"] as? Double != nil || hits[0]["lexical_rank"] as? Double != nil) }
            if mode == "lexical" { #expect(hits[0]["lexical_rank"] as? Double == 1 && hits[0]["dense_rank"] as? Double == nil) }
        }
        // Codes are found whole.
        let code = try query(api, token, #"{"kb_id":"\#(kb)","query":"PPR-9087","generate":false,"retrieval":{"mode":"lexical"}}"#)
        #expect(citations(code).first?["title"] as? String == "VPN setup", "\(code.text)")
    }

    @Test func filtersRestrictBothIndexes() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "f@query.example")
        for mode in ["lexical", "dense", "hybrid"] {
            let reply = try query(api, token, #"{"kb_id":"\#(kb)","query":"parental leave","generate":false,"retrieval":{"mode":"\#(mode)"},"filters":{"metadata.team":{"$in":["it","facilities"]}}}"#)
            #expect(reply.status == 200)
            let titles = citations(reply).compactMap { $0["title"] as? String }
            #expect(!titles.contains("Leave policy"), "\(mode): \(titles)")
        }
        let none = try query(api, token, #"{"kb_id":"\#(kb)","query":"leave","generate":false,"filters":{"metadata.year":{"$gt":2030}}}"#)
        #expect(none.status == 200 && citations(none).isEmpty)
        let bad = try query(api, token, #"{"kb_id":"\#(kb)","query":"leave","generate":false,"filters":{"metadata.year":{"$regex":"x"}}}"#)
        #expect(bad.status == 400 && bad.errorCode == "invalid_filter")
        #expect(bad.string("error.details.field") == "filters.metadata.year.$regex")
    }

    @Test func changesReachSearchBeforeTheyAreAcknowledged() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "c@query.example")
        // A new version replaces the old text in both indexes.
        let update = try api.ingest([#"{"external_id":"lunch","title":"Canteen","text":"The canteen now serves breakfast only."}"#],
                                    kb: kb, token: token)
        _ = try api.finishedJob(try #require(update.string("job_id")), token: token)
        let lunch = try query(api, token, #"{"kb_id":"\#(kb)","query":"vegetarian lunch","generate":false,"retrieval":{"mode":"lexical"}}"#)
        #expect(!citations(lunch).contains { ($0["text"] as? String)?.contains("vegetarian") == true })
        let breakfast = try query(api, token, #"{"kb_id":"\#(kb)","query":"breakfast","generate":false,"retrieval":{"mode":"lexical"}}"#)
        #expect(citations(breakfast).first?["title"] as? String == "Canteen")
        // The same text under a new title and metadata keeps its chunk id: the chunk read above is not served from
        // memory, and filters see the new metadata.
        let renamed = try api.ingest([#"{"external_id":"lunch","title":"Cafeteria","text":"The canteen now serves breakfast only.","metadata":{"team":"kitchen"}}"#],
                                     kb: kb, token: token)
        _ = try api.finishedJob(try #require(renamed.string("job_id")), token: token)
        let again = try query(api, token, #"{"kb_id":"\#(kb)","query":"breakfast","generate":false,"retrieval":{"mode":"lexical"}}"#)
        #expect(citations(again).first?["chunk_id"] as? String == citations(breakfast).first?["chunk_id"] as? String)
        #expect(citations(again).first?["title"] as? String == "Cafeteria")
        let kitchen = try query(api, token, #"{"kb_id":"\#(kb)","query":"breakfast","generate":false,"filters":{"metadata.team":"kitchen"}}"#)
        #expect(citations(kitchen).map { $0["title"] as? String } == ["Cafeteria"])
        // A deleted document is gone from results as soon as the DELETE answers.
        let vpn = try #require(citations(try query(api, token, #"{"kb_id":"\#(kb)","query":"VPN badge","generate":false}"#)).first)
        let documentID = try #require(vpn["document_id"] as? String)
        #expect(try api.send("DELETE", "/v1/documents/\(documentID)", token: token).status == 204)
        let after = try query(api, token, #"{"kb_id":"\#(kb)","query":"VPN badge","generate":false}"#)
        #expect(!citations(after).contains { $0["document_id"] as? String == documentID })
        // A deleted knowledge base cannot be queried.
        #expect(try api.send("DELETE", "/v1/knowledge-bases/\(kb)", token: token).status == 204)
        #expect(try query(api, token, #"{"kb_id":"\#(kb)","query":"VPN","generate":false}"#).status == 404)
    }

    @Test func tenantsAndKeyScopesAreEnforced() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "a@query.example")
        let other = try api.register("b@other.example")
        let theirs = try api.createKnowledgeBase("theirs", token: other.access)
        let stranger = try query(api, other.access, #"{"kb_id":"\#(kb)","query":"leave","generate":false}"#)
        #expect(stranger.status == 404)
        let mixed = try query(api, token, #"{"kb_ids":["\#(kb)","\#(theirs)"],"query":"leave","generate":false}"#)
        #expect(mixed.status == 404)
        let second = try api.createKnowledgeBase("second", token: token)
        let key = try api.createKey(token: token, scopes: ["read"], extra: #","kb_ids":["\#(second)"]"#)
        let limited = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"leave","generate":false}"#, apiKey: key.key)
        #expect(limited.status == 404)
        let allowed = try api.post("/v1/query", #"{"kb_id":"\#(second)","query":"leave","generate":false}"#, apiKey: key.key)
        #expect(allowed.status == 200 && citations(allowed).isEmpty)
        // Several knowledge bases of one's own merge into one list.
        _ = try api.finishedJob(try #require(try api.ingest([#"{"text":"Parental leave in the second handbook."}"#],
                                                           kb: second, token: token).string("job_id")), token: token)
        let both = try query(api, token, #"{"kb_ids":["\#(kb)","\#(second)"],"query":"parental leave","top_k":5,"generate":false}"#)
        let documents = Set(citations(both).compactMap { $0["document_id"] as? String })
        #expect(documents.count >= 2, "\(both.text)")
    }

    @Test(arguments: [
        (#"{"query":"x","generate":false}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"   ","generate":false}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"x","top_k":0,"generate":false}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"x","top_k":101,"generate":false}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"x","generate":false,"retrieval":{"mode":"semantic"}}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"x","generate":false,"retrieval":{"alpha":2}}"#, 400, "invalid_request"),
        (#"{"kb_id":"KB","query":"x","generate":false,"retrieval":{"rerank":"cross_encoder"}}"#, 400, "unsupported"),
        (#"{"kb_id":"KB","query":"x","generate":false,"surprise":1}"#, 400, "unknown_field"),
        (#"{"kb_id":"kb_missing","query":"x","generate":false}"#, 404, "not_found"),
        (#"["not an object"]"#, 400, "invalid_request"),
    ])
    func malformedQueriesAreRefusedClearly(body: String, status: Int, code: String) throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("m@query.example")
        let kb = try api.createKnowledgeBase("kb", token: owner.access)
        let reply = try api.post("/v1/query", body.replacingOccurrences(of: "KB", with: kb), token: owner.access)
        #expect(reply.status == status, "\(body): \(reply.text)")
        #expect(reply.errorCode == code, "\(body): \(reply.text)")
    }

    /// Scalar-offset slice, the unit of highlights.
    func slice(_ text: String, _ span: [Int]) -> String {
        let scalars = Array(text.unicodeScalars)
        guard span.count == 2, span[0] >= 0, span[0] < span[1], span[1] <= scalars.count else { return "<out of range>" }
        return String(String.UnicodeScalarView(scalars[span[0]..<span[1]]))
    }

    @Test func generateAnswersFromRetrievedSentencesWithCheckedCitations() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "g@query.example")
        let reply = try query(api, token, #"{"kb_id":"\#(kb)","query":"How many days of parental leave do employees get?","top_k":3}"#)
        #expect(reply.status == 200, "\(reply.text)")
        let answer = try #require(reply.object["answer"] as? String)
        #expect(answer.contains("25 days of paid parental leave"), "\(answer)")
        let all = citations(reply)
        func int(_ value: Any?) -> Int? { (value as? Double).map { Int($0) } ?? (value as? Int) }
        let markers = Set(all.compactMap { int($0["marker"]) })
        let cited = answer.matches(of: /\[(\d+)\]/).compactMap { Int($0.output.1) }
        #expect(!cited.isEmpty && cited.allSatisfy(markers.contains), "\(answer)")
        for citation in all {
            let text = try #require(citation["text"] as? String)
            let spans = ((citation["highlights"] as? [[Any]]) ?? []).map { $0.compactMap(int) }
            let marker = try #require(int(citation["marker"]))
            // Highlights are the supporting sentences of cited chunks, inside their own text; none elsewhere.
            #expect(cited.contains(marker) ? !spans.isEmpty : spans.isEmpty, "\(citation)")
            for span in spans { #expect(answer.contains(slice(text, span)), "\(span) of \(text)") }
        }
        let leave = all.first { int($0["marker"]) == cited.first }
        #expect((leave?["title"] as? String) == "Leave policy")
        // A question the handbook does not answer gets an honest refusal, not a loose quote.
        let unknown = try query(api, token, #"{"kb_id":"\#(kb)","query":"Who founded the company in 1850?"}"#)
        #expect(unknown.status == 200)
        #expect((unknown.object["answer"] as? String)?.contains("could not find") == true, "\(unknown.text)")
    }

    @Test func streamingSendsRetrievalTokensAndDone() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "s@query.example")
        let reply = try query(api, token, #"{"kb_id":"\#(kb)","query":"When does the canteen serve lunch?","stream":true}"#)
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("text/event-stream") == true)
        var events: [(name: String, data: String)] = []
        for block in reply.text.components(separatedBy: "\n\n") where !block.isEmpty {
            var name = "message"
            var data: [String] = []
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
            }
            events.append((name, data.joined(separator: "\n")))
        }
        #expect(events.first?.name == "retrieval")
        #expect(events.last?.name == "done")
        #expect(events.dropFirst().dropLast().allSatisfy { $0.name == "token" } && events.count > 3)
        func object(_ text: String) -> [String: Any] {
            ((try? JSONSerializationLite.object(Array(text.utf8))) as? [String: Any]) ?? [:]
        }
        let retrieval = object(events[0].data)
        #expect(((retrieval["citations"] as? [[String: Any]]) ?? []).count == 3)
        let done = object(events.last!.data)
        let streamed = events.dropFirst().dropLast().map { (object($0.data)["text"] as? String) ?? "" }.joined()
        #expect(streamed == done["answer"] as? String)
        #expect(streamed.contains("noon to two"), "\(streamed)")
        #expect(done["citations"] == nil && done["query_id"] is String)
    }

    @Test func unconfiguredProvidersAreRefusedButRetrievalStillWorks() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("p@query.example")
        let kb = try api.createKnowledgeBase("remote", token: owner.access,
                                             config: #"{"generation":{"provider":"openai","model":"gpt-4o-mini"}}"#)
        let reply = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"x"}"#, token: owner.access)
        #expect(reply.status == 503 && reply.errorCode == "generation_unavailable", "\(reply.text)")
        #expect(reply.string("error.details.provider") == "openai")
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"x","generate":false}"#, token: owner.access).status == 200)
    }

    @Test func overlongQueriesAreRefused() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("l@query.example")
        let kb = try api.createKnowledgeBase("kb", token: owner.access)
        let long = String(repeating: "word ", count: 1_000)
        let reply = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"\#(long)","generate":false}"#, token: owner.access)
        #expect(reply.status == 400 && reply.string("error.details.field") == "query")
    }
}
