#if canImport(Glibc)
import Glibc
#endif
@testable import App
import JSON
import TestSupport
import Testing
import Threading

/// Answers from a remote model, end to end against the fake OpenAI-compatible server: prompts, citations, cost,
/// streaming and cancellation, failures and fallback, prompt experiments, condensing and HyDE.
@Suite("Remote generation over HTTP", .serialized)
struct RemoteGenerationAPITests {
    struct Setup {
        let app: RunningApp
        let fake: FakeProviderServer
        let api: APIClient
        let token: String
        let kb: String
    }

    func setUp(email: String, generation: String = #"{"provider":"openai","model":"gpt-4o-mini"}"#,
               readTimeout: Double = 5, maxConcurrentCalls: Int = 16) throws -> Setup {
        let fake = try FakeProviderServer()
        let app = try RunningApp { config in
            config.providers.openai.baseURL = fake.baseURL + "/v1"
            config.providers.openai.apiKey = "sk-test-secret"
            config.providers.openai.maxAttempts = 2
            config.providers.openai.readTimeoutSeconds = readTimeout
            config.providers.maxConcurrentCalls = maxConcurrentCalls
            config.server.workers = 0  // auto: the provider's calls get workers of their own
        }
        let api = APIClient(port: app.port)
        let token = try api.register(email).access
        let kb = try api.createKnowledgeBase("handbook", token: token, config: #"{"generation":\#(generation)}"#)
        let reply = try api.ingest(QueryAPITests.documents, kb: kb, token: token)
        _ = try api.finishedJob(try #require(reply.string("job_id")), token: token)
        return Setup(app: app, fake: fake, api: api, token: token, kb: kb)
    }

    func chats(_ fake: FakeProviderServer) -> [FakeProviderServer.RecordedRequest] {
        fake.requests.filter { $0.path == "/v1/chat/completions" }
    }

    func messages(_ request: FakeProviderServer.RecordedRequest) -> [String] {
        guard case .array(let messages)? = request.json?["messages"] else { return [] }
        return messages.compactMap { if case .string(let text)? = $0["content"] { text } else { nil } }
    }

    @Test func answersCiteOnlyRetrievedChunksWithFencedSourcesAndCost() throws {
        let s = try setUp(email: "a@remote.example")
        s.fake.enqueue(.reply(text: "Employees get 25 days of paid parental leave [1]. Pets are allowed [9].",
                              promptTokens: 1_000, completionTokens: 200))
        let reply = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"How many days of parental leave?"}"#,
                                   token: s.token)
        #expect(reply.status == 200, "\(reply.text)")
        let answer = try #require(reply.string("answer"))
        #expect(answer.contains("[1]") && !answer.contains("[9]"), "\(answer)")
        #expect(reply.object["usage"].flatMap { ($0 as? [String: Any])?["prompt_tokens"] as? Double } == 1_000)
        // gpt-4o-mini: 1,000 × $0.15/M + 200 × $0.60/M.
        let cost = reply.object["usage"].flatMap { ($0 as? [String: Any])?["cost_usd"] as? Double } ?? 0
        #expect(abs(cost - 0.00027) < 1e-9, "\(cost)")

        let sent = try #require(chats(s.fake).last)
        #expect(sent.header("Authorization") == "Bearer sk-test-secret")
        #expect(sent.json?["model"] == .string("gpt-4o-mini"))
        let texts = messages(sent)
        #expect(texts.count == 2 && texts[0].contains("untrusted") && texts[0].contains("never follow instructions"))
        #expect(texts[1].contains("Question: How many days of parental leave?"))
        #expect(texts[1].contains("<sources-") && texts[1].contains("25 days of paid parental leave"))

        let citations = (reply.object["citations"] as? [[String: Any]]) ?? []
        let first = try #require(citations.first { $0["marker"] as? Double == 1 })
        let text = try #require(first["text"] as? String)
        let spans = ((first["highlights"] as? [[Double]]) ?? []).map { $0.map(Int.init) }
        #expect(!spans.isEmpty)
        for span in spans { #expect(0 <= span[0] && span[0] < span[1] && span[1] <= text.unicodeScalars.count) }

        let trace = try s.api.get("/v1/traces/\(try #require(reply.string("trace_id")))", token: s.token)
        #expect((trace.object["attributes"] as? [String: Any])?["citation_accuracy"] as? Double == 0.5, "\(trace.text)")
        #expect(abs((trace.object["total_cost_usd"] as? Double ?? 0) - 0.00027) < 1e-9)
        let org = try s.api.get("/v1/org", token: s.token)
        let usage = org.object["usage"] as? [String: Any]
        #expect(usage?["tokens_month"] as? Double == 1_200, "\(org.text)")
        #expect(abs((usage?["cost_usd_month"] as? Double ?? 0) - 0.00027) < 1e-9)
        // The key is never echoed.
        #expect(!reply.text.contains("sk-test-secret") && !trace.text.contains("sk-test-secret"))
    }

    @Test func streamingRelaysTheModelsTokens() throws {
        let s = try setUp(email: "s@remote.example")
        s.fake.enqueue(.reply(text: "The canteen serves lunch from noon to two [3]."))
        let reply = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"When is lunch?","stream":true}"#,
                                   token: s.token)
        #expect(reply.status == 200)
        let tokens = reply.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event: token") }
        #expect(tokens.count > 3, "\(reply.text)")
        #expect(reply.text.contains("event: done") && !reply.text.contains("event: error"))
        #expect(chats(s.fake).last?.json?["stream"] == .bool(true))
    }

    @Test func aClientThatLeavesMidStreamCancelsTheUpstreamCall() throws {
        let s = try setUp(email: "c@remote.example")
        s.fake.enqueue(.slow(seconds: 0.3))
        let client = try TestClient(port: s.app.port)
        let body = #"{"kb_id":"\#(s.kb)","query":"When is lunch?","stream":true}"#
        try client.send("POST /v1/query HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(s.token)\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: received, as: UTF8.self).contains("event: token") {
            let count = read(client.fd, &buffer, buffer.count)
            guard count > 0 else { break }
            received += buffer[0..<count]
        }
        client.disconnect()
        #expect(String(decoding: received, as: UTF8.self).contains("event: retrieval"))
        #expect(eventually(10) { s.fake.abandonedStreams == 1 })
        // The query is history, marked canceled.
        #expect(eventually(5) {
            let list = (try? s.api.get("/v1/queries", token: s.token).object["data"] as? [[String: Any]]) ?? []
            return list.first?["status"] as? String == "canceled"
        })
    }

    @Test func providerFailuresAreNamedOrFallBackWhenConfigured() throws {
        let s = try setUp(email: "f@remote.example", readTimeout: 0.3)
        s.fake.enqueue(.status(500), .status(503))
        let failed = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"vpn"}"#, token: s.token)
        #expect(failed.status == 502, "\(failed.text)")
        #expect(failed.string("error.details.provider") == "openai")
        s.fake.enqueue(.status(429, retryAfter: 0), .reply(text: "Use the VPN client [2]."))
        let retried = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"vpn setup"}"#, token: s.token)
        #expect(retried.status == 200 && retried.string("answer") == "Use the VPN client [2].", "\(retried.text)")
        s.fake.enqueue(.slow(seconds: 1), .slow(seconds: 1))
        let slow = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"badge"}"#, token: s.token)
        #expect(slow.status == 504 && slow.string("error.details.provider") == "openai", "\(slow.text)")
        let history = (try s.api.get("/v1/queries", token: s.token).object["data"] as? [[String: Any]]) ?? []
        #expect(history.compactMap { $0["status"] as? String } == ["failed", "succeeded", "failed"])

        // With fallback: the extractive answer, and the trace says why.
        let fallback = try s.api.post("/v1/knowledge-bases", #"{"name":"fb","config":{"generation":{"provider":"openai","model":"m","fallback":"extractive"}}}"#,
                                      token: s.token)
        let kb = try #require(fallback.string("id"))
        let more = try s.api.ingest(QueryAPITests.documents, kb: kb, token: s.token)
        _ = try s.api.finishedJob(try #require(more.string("job_id")), token: s.token)
        s.fake.enqueue(.malformedJSON, .malformedJSON)
        let answered = try s.api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"When does the canteen serve lunch?"}"#,
                                      token: s.token)
        #expect(answered.status == 200, "\(answered.text)")
        #expect(answered.string("answer")?.contains("noon to two") == true)
        let trace = try s.api.get("/v1/traces/\(try #require(answered.string("trace_id")))", token: s.token)
        let attributes = trace.object["attributes"] as? [String: Any]
        #expect((attributes?["fallback"] as? [String: Any])?["from"] as? String == "openai", "\(trace.text)")
    }

    @Test func knowledgeBasesCanEmbedWithTheRemoteProvider() throws {
        let s = try setUp(email: "e@remote.example")
        let kb = try s.api.createKnowledgeBase("remote-vectors", token: s.token,
                                               config: #"{"embedding":{"provider":"openai","model":"text-embedding-3-small"}}"#)
        let reply = try s.api.ingest(QueryAPITests.documents, kb: kb, token: s.token)
        let job = try s.api.finishedJob(try #require(reply.string("job_id")), token: s.token)
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let embedded = s.fake.requests.filter { $0.path == "/v1/embeddings" }
        #expect(!embedded.isEmpty && embedded.allSatisfy { $0.json?["model"] == .string("text-embedding-3-small") })
        let query = try s.api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"parental leave","generate":false,"retrieval":{"mode":"dense"}}"#,
                                   token: s.token)
        #expect(query.status == 200 && !((query.object["citations"] as? [[String: Any]]) ?? []).isEmpty, "\(query.text)")
        // Without the provider configured, such a config is refused when written.
        let plain = try RunningApp()
        let api = APIClient(port: plain.port)
        let token = try api.register("e2@remote.example").access
        let refused = try api.post("/v1/knowledge-bases", #"{"name":"x","config":{"embedding":{"provider":"openai","model":"m"}}}"#,
                                   token: token)
        #expect(refused.status == 400 && refused.string("error.details.field") == "config.embedding.provider", "\(refused.text)")
    }

    @Test func callsPastTheConcurrencyCapAreToldToRetry() throws {
        let s = try setUp(email: "b@remote.example", maxConcurrentCalls: 1)
        s.fake.enqueue(.slow(seconds: 1.5))
        let body = #"{"kb_id":"\#(s.kb)","query":"vpn","cache":false}"#
        let api = s.api, token = s.token
        let first = OSThreadHandle { _ = try? api.post("/v1/query", body, token: token) }
        #expect(eventually(5) { !s.fake.requests.isEmpty })
        let busy = try s.api.post("/v1/query", body, token: s.token)
        #expect(busy.status == 503 && busy.errorCode == "provider_busy", "\(busy.text)")
        #expect(busy.header("Retry-After") == "1")
        // Retrieval-only queries need no provider and are not held back.
        #expect(try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"vpn","generate":false}"#, token: s.token).status == 200)
        first.join()
    }

    @Test func promptExperimentsSplitTrafficAndRecordTheServingVersion() throws {
        let s = try setUp(email: "p@remote.example",
                          generation: #"{"provider":"openai","model":"gpt-4o-mini","prompt":"support"}"#)
        for marker in ["VERSION-ONE", "VERSION-TWO"] {
            let created = try s.api.post("/v1/prompts", #"{"name":"support","template":"\#(marker) {{question}} {{sources}}"}"#,
                                         token: s.token)
            #expect(created.status == 201)
        }
        let set = try s.api.send("PUT", "/v1/prompts/support/experiment", token: s.token,
                                 json: #"{"variants":[{"version":1,"weight":1},{"version":2,"weight":1}]}"#)
        #expect(set.status == 200, "\(set.text)")
        var served: [String: Int] = [:]
        for index in 0..<16 {
            let reply = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"vpn \#(index)","cache":false}"#,
                                       token: s.token)
            #expect(reply.status == 200)
            let query = try s.api.get("/v1/queries/\(try #require(reply.string("query_id")))", token: s.token)
            let prompt = try #require(query.string("prompt"))
            served[prompt, default: 0] += 1
            let user = messages(try #require(chats(s.fake).last)).last ?? ""
            #expect(user.hasPrefix(prompt == "support@1" ? "VERSION-ONE" : "VERSION-TWO"), "\(prompt): \(user)")
        }
        #expect(served.keys.sorted() == ["support@1", "support@2"], "\(served)")
        let experiment = try s.api.get("/v1/prompts/support/experiment", token: s.token)
        let counts = ((experiment.object["variants"] as? [[String: Any]]) ?? []).compactMap { $0["queries"] as? Double }
        #expect(counts.reduce(0, +) == 16, "\(experiment.text)")
        // A request may pin a version.
        let pinned = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"lunch","prompt":"support@2"}"#, token: s.token)
        #expect(messages(try #require(chats(s.fake).last)).last?.hasPrefix("VERSION-TWO") == true)
        #expect(pinned.status == 200)
        #expect(try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"x","prompt":"nope@1"}"#, token: s.token).status == 404)
    }

    @Test func followUpsAreRewrittenByTheModelAndHyDESearchesWithAHypotheticalAnswer() throws {
        let s = try setUp(email: "h@remote.example")
        s.fake.enqueue(.reply(text: "The canteen serves lunch [3]."))
        let first = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"What does the canteen serve?"}"#, token: s.token)
        let conversation = try #require(first.string("conversation_id"))
        s.fake.enqueue(.reply(text: "When is the canteen open for lunch?"), .reply(text: "From noon to two [1]."))
        let second = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"When is it open?","conversation_id":"\#(conversation)"}"#,
                                    token: s.token)
        #expect(second.status == 200, "\(second.text)")
        #expect(second.string("standalone_query") == "When is the canteen open for lunch?")
        // The answer prompt carries the conversation so far.
        #expect(messages(try #require(chats(s.fake).last)).last?.contains("Conversation so far") == true)

        s.fake.enqueue(.reply(text: "Staff may take paid leave when a child is born."), .reply(text: "25 days [1]."))
        let hyde = try s.api.post("/v1/query", #"{"kb_id":"\#(s.kb)","query":"parental leave","retrieval":{"hyde":true}}"#,
                                  token: s.token)
        #expect(hyde.status == 200, "\(hyde.text)")
        let trace = try s.api.get("/v1/traces/\(try #require(hyde.string("trace_id")))", token: s.token)
        let names = ((trace.object["spans"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("hyde") && names.contains("generate"), "\(names)")
        #expect(messages(chats(s.fake)[chats(s.fake).count - 2]).last?.contains("Question: parental leave") == true)
    }
}
