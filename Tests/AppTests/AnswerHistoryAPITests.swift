import TestSupport
import Testing

/// Query history, traces, conversations, feedback, the query cache and organization usage, end to end.
@Suite("Answer history over HTTP", .serialized)
struct AnswerHistoryAPITests {
    func seeded(_ app: RunningApp, email: String) throws -> (api: APIClient, token: String, kb: String) {
        let api = APIClient(port: app.port)
        let owner = try api.register(email)
        let kb = try api.createKnowledgeBase("handbook", token: owner.access)
        let reply = try api.ingest(QueryAPITests.documents, kb: kb, token: owner.access)
        let job = try api.finishedJob(try #require(reply.string("job_id")), token: owner.access)
        #expect(job["status"] as? String == "succeeded")
        return (api, owner.access, kb)
    }

    @Test func answeredQueriesAreRecordedWithTracesAndCountInUsage() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "h@history.example")
        let reply = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"How many days of parental leave?"}"#,
                                 token: token)
        #expect(reply.status == 200, "\(reply.text)")
        let queryID = try #require(reply.string("query_id"))
        let traceID = try #require(reply.string("trace_id"))
        #expect(reply.string("conversation_id")?.hasPrefix("conv_") == true)

        let stored = try api.get("/v1/queries/\(queryID)", token: token)
        #expect(stored.status == 200, "\(stored.text)")
        #expect(stored.string("answer") == reply.string("answer"))
        #expect(stored.string("status") == "succeeded" && stored.string("provider") == "extractive")
        #expect(stored.string("trace_id") == traceID)
        let cited = (stored.object["citations"] as? [[String: Any]]) ?? []
        #expect(cited.contains { $0["cited"] as? Bool == true && $0["title"] as? String == "Leave policy" })

        let trace = try api.get("/v1/traces/\(traceID)", token: token)
        #expect(trace.status == 200, "\(trace.text)")
        let names = ((trace.object["spans"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        for expected in ["auth", "embed", "dense", "lexical", "fuse", "generate"] {
            #expect(names.contains(expected), "\(expected) missing from \(names)")
        }
        #expect(trace.string("request_id") == reply.header("X-Request-Id"))
        #expect(trace.object["success"] as? Bool == true)
        #expect((trace.object["total_latency_ms"] as? Double ?? 0) > 0)
        #expect((trace.object["attributes"] as? [String: Any])?["citation_accuracy"] as? Double == 1)

        // A failed query is history too; a 4xx before the search is not.
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":""}"#, token: token).status == 400)
        let list = try api.get("/v1/queries", token: token)
        #expect(((list.object["data"] as? [[String: Any]]) ?? []).count == 1, "\(list.text)")

        let org = try api.get("/v1/org", token: token)
        #expect(org.object["usage"].flatMap { ($0 as? [String: Any])?["queries_today"] as? Double } == 1, "\(org.text)")
        #expect(org.object["usage"].flatMap { ($0 as? [String: Any])?["documents"] as? Double } == 3)
    }

    @Test func historyIsScopedToTheAskerUnlessAdminAndNeverCrossesOrganizations() throws {
        let app = try RunningApp()
        let (api, owner, kb) = try seeded(app, email: "o@scope.example")
        let member = try api.post("/v1/users", #"{"email":"m@scope.example","password":"correct horse battery","role":"member"}"#,
                                  token: owner)
        #expect(member.status == 201, "\(member.text)")
        let memberToken = try api.login("m@scope.example").access
        let asked = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"canteen lunch"}"#, token: memberToken)
        let mine = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"vpn badge"}"#, token: owner)
        let memberQuery = try #require(asked.string("query_id"))
        let ownerQuery = try #require(mine.string("query_id"))

        // The member sees only their own; the owner sees both.
        let memberList = ((try api.get("/v1/queries", token: memberToken).object["data"] as? [[String: Any]]) ?? [])
        #expect(memberList.compactMap { $0["id"] as? String } == [memberQuery])
        #expect(try api.get("/v1/queries/\(ownerQuery)", token: memberToken).status == 404)
        #expect(try api.get("/v1/traces/\(try #require(mine.string("trace_id")))", token: memberToken).status == 404)
        let ownerList = ((try api.get("/v1/queries", token: owner).object["data"] as? [[String: Any]]) ?? [])
        #expect(Set(ownerList.compactMap { $0["id"] as? String }) == [memberQuery, ownerQuery])
        // Conversations are private even from the owner.
        let conversation = try #require(asked.string("conversation_id"))
        #expect(try api.get("/v1/conversations/\(conversation)", token: owner).status == 404)
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"and dinner?","conversation_id":"\#(conversation)"}"#,
                             token: owner).status == 404)

        // An admin key limited to one knowledge base sees only its own history, like a member.
        let limited = try api.createKey(token: owner, scopes: ["admin"], extra: #","kb_ids":["\#(kb)"]"#).key
        #expect(try api.get("/v1/queries/\(ownerQuery)", apiKey: limited).status == 404)
        #expect(((try api.get("/v1/queries", apiKey: limited).object["data"] as? [[String: Any]]) ?? []).isEmpty)

        let stranger = try api.register("s@other.example").access
        #expect(try api.get("/v1/queries/\(ownerQuery)", token: stranger).status == 404)
        #expect(try api.post("/v1/queries/\(ownerQuery)/feedback", #"{"rating":1}"#, token: stranger).status == 404)
        #expect(((try api.get("/v1/queries", token: stranger).object["data"] as? [[String: Any]]) ?? []).isEmpty)
    }

    @Test func followUpsAreCondensedAndConversationsKeepTheirMessages() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "c@conversation.example")
        let first = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"What does the canteen serve?"}"#, token: token)
        let conversation = try #require(first.string("conversation_id"))
        let second = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"When is it open?","conversation_id":"\#(conversation)"}"#,
                                  token: token)
        #expect(second.status == 200, "\(second.text)")
        #expect(second.string("conversation_id") == conversation)
        let standalone = try #require(second.string("standalone_query"))
        #expect(standalone.lowercased().contains("canteen"), "\(standalone)")
        let titles = ((second.object["citations"] as? [[String: Any]]) ?? []).compactMap { $0["title"] as? String }
        #expect(titles.first == "Canteen", "\(titles)")

        let read = try api.get("/v1/conversations/\(conversation)", token: token)
        #expect(read.status == 200, "\(read.text)")
        let messages = (read.object["messages"] as? [[String: Any]]) ?? []
        #expect(messages.map { $0["role"] as? String ?? "" } == ["user", "assistant", "user", "assistant"])
        #expect(messages[2]["content"] as? String == "When is it open?")
        let listed = ((try api.get("/v1/conversations", token: token).object["data"] as? [[String: Any]]) ?? [])
        #expect(listed.compactMap { $0["id"] as? String }.contains(conversation))
        // A conversation over the handbook stays over the handbook.
        let other = try api.createKnowledgeBase("other", token: token)
        let mismatch = try api.post("/v1/query", #"{"kb_id":"\#(other)","query":"and?","conversation_id":"\#(conversation)"}"#,
                                    token: token)
        #expect(mismatch.status == 400 && mismatch.errorCode == "conversation_kb_mismatch", "\(mismatch.text)")
        #expect(try api.send("DELETE", "/v1/conversations/\(conversation)", token: token).status == 204)
        #expect(try api.get("/v1/conversations/\(conversation)", token: token).status == 404)
        // Its turns stay in history (usage is billed from it) without their text, and their traces are gone.
        let kept = try api.get("/v1/queries/\(try #require(first.string("query_id")))", token: token)
        #expect(kept.status == 200 && kept.string("query") == "" && kept.object["answer"] == nil, "\(kept.text)")
        #expect(try api.get("/v1/traces/\(try #require(first.string("trace_id")))", token: token).status == 404)
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"x","conversation_id":"conv_nope"}"#,
                             token: token).status == 404)
    }

    @Test func conversationsAreListedByLastActivityAndPageThatWay() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "a@activity.example")
        func start(_ question: String) throws -> String {
            let reply = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"\#(question)"}"#, token: token)
            return try #require(reply.string("conversation_id"), "\(reply.text)")
        }
        func listed(_ query: String = "") throws -> (ids: [String], next: String?) {
            let object = try api.get("/v1/conversations\(query)", token: token).object
            return (((object["data"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String },
                    object["next_cursor"] as? String)
        }
        let first = try start("What does the canteen serve?")
        let second = try start("How do I set up the VPN?")
        let third = try start("Where do I park?")
        #expect(try listed().ids == [third, second, first])
        // A turn in the oldest conversation brings it to the top.
        let turn = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"And on Fridays?","conversation_id":"\#(first)"}"#,
                                token: token)
        #expect(turn.status == 200, "\(turn.text)")
        #expect(try listed().ids == [first, third, second])
        // Pages follow the same order, each conversation once.
        let page1 = try listed("?limit=2")
        #expect(page1.ids == [first, third])
        let page2 = try listed("?limit=2&cursor=\(try #require(page1.next))")
        #expect(page2.ids == [second] && page2.next == nil)
    }

    @Test func feedbackIsRecordedAndValidated() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "f@feedback.example")
        let reply = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"vpn"}"#, token: token)
        let id = try #require(reply.string("query_id"))
        #expect(try api.post("/v1/queries/\(id)/feedback", #"{"rating":-1,"comment":"wrong badge"}"#, token: token).status == 204)
        let stored = try api.get("/v1/queries/\(id)", token: token)
        #expect(stored.object["feedback"].flatMap { ($0 as? [String: Any])?["rating"] as? Double } == -1)
        #expect(stored.string("feedback.comment") == "wrong badge")
        for bad in [#"{"rating":0}"#, #"{"rating":2}"#, #"{"rating":"up"}"#, #"{"comment":"x"}"#, #"{"rating":1,"extra":1}"#] {
            let answer = try api.post("/v1/queries/\(id)/feedback", bad, token: token)
            #expect(answer.status == 400, "\(bad): \(answer.text)")
        }
        #expect(try api.post("/v1/queries/q_missing/feedback", #"{"rating":1}"#, token: token).status == 404)
    }

    @Test func repeatedQueriesAreServedFromTheCacheUntilTheKnowledgeBaseChanges() throws {
        let app = try RunningApp()
        let (api, token, kb) = try seeded(app, email: "k@cache.example")
        let body = #"{"kb_id":"\#(kb)","query":"parental leave days","generate":false}"#
        let first = try api.post("/v1/query", body, token: token)
        #expect(first.status == 200 && first.object["cache"] == nil)
        let again = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"Parental   LEAVE days?","generate":false}"#,
                                 token: token)
        #expect(again.string("cache") == "exact", "\(again.text)")
        func chunks(_ reply: APIClient.Reply) -> [String] {
            ((reply.object["citations"] as? [[String: Any]]) ?? []).compactMap { $0["chunk_id"] as? String }
        }
        #expect(!chunks(first).isEmpty && chunks(again) == chunks(first))
        #expect(again.string("query_id") != first.string("query_id"))
        // Other options are another answer; cache:false skips the cache.
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"parental leave days","generate":false,"top_k":1}"#,
                             token: token).object["cache"] == nil)
        #expect(try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"parental leave days","generate":false,"cache":false}"#,
                             token: token).object["cache"] == nil)
        // New content: the cached answer is not served again.
        let more = try api.ingest([#"{"title":"Leave update","text":"Parental leave days rise to 30 days next year."}"#],
                                  kb: kb, token: token)
        _ = try api.finishedJob(try #require(more.string("job_id")), token: token)
        let fresh = try api.post("/v1/query", body, token: token)
        #expect(fresh.object["cache"] == nil, "\(fresh.text)")
        #expect(((fresh.object["citations"] as? [[String: Any]]) ?? []).contains { $0["title"] as? String == "Leave update" })
        // The same words in another order embed alike (hash embedder): a semantic hit, then an exact one.
        let reordered = #"{"kb_id":"\#(kb)","query":"days of parental leave","generate":false}"#
        let similar = try api.post("/v1/query", reordered, token: token)
        #expect(similar.string("cache") == "semantic", "\(similar.text)")
        #expect(try api.post("/v1/query", reordered, token: token).string("cache") == "exact")
        let metrics = try api.get("/metrics")
        #expect(metrics.text.contains(#"ragd_query_cache_lookups_total{result="exact"} 2"#), "\(metrics.text)")
        #expect(metrics.text.contains(#"ragd_query_cache_lookups_total{result="semantic"} 1"#))
    }
}
