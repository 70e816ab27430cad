import TestSupport
import Testing

@Suite("Knowledge bases over HTTP", .serialized)
struct KnowledgeBaseAPITests {
    @Test func createReadUpdateDelete() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@kb.example")
        let created = try api.post("/v1/knowledge-bases",
                                   #"{"name":"Handbook","description":"HR","config":{"chunking":{"chunk_size":128}}}"#,
                                   token: owner.access)
        #expect(created.status == 201)
        let id = try #require(created.string("id"))
        #expect(id.hasPrefix("kb_"))
        let config = try #require(created.object["config"] as? [String: Any])
        let chunking = try #require(config["chunking"] as? [String: Any])
        #expect(chunking["chunk_size"] as? Double == 128)
        #expect(chunking["strategy"] as? String == "recursive", "left-out fields take the server defaults")
        #expect((config["embedding"] as? [String: Any])?["provider"] as? String == "hash")
        #expect((created.object["stats"] as? [String: Any])?["documents"] as? Double == 0)

        let duplicate = try api.post("/v1/knowledge-bases", #"{"name":"Handbook"}"#, token: owner.access)
        #expect(duplicate.status == 409)
        #expect(duplicate.errorCode == "name_taken")

        let list = try api.get("/v1/knowledge-bases", token: owner.access)
        #expect(JSONSerializationLite.list(list.body).map { $0["id"] as? String } == [id])

        let renamed = try api.send("PATCH", "/v1/knowledge-bases/\(id)", token: owner.access,
                                   json: #"{"name":"Handbook 2","config":{"retrieval":{"top_k":8}}}"#)
        #expect(renamed.status == 200)
        #expect(renamed.string("name") == "Handbook 2")
        #expect(renamed.text.contains(#""reindex_job_id":null"#), "retrieval settings need no re-index")
        let read = try api.get("/v1/knowledge-bases/\(id)", token: owner.access)
        #expect(((read.object["config"] as? [String: Any])?["retrieval"] as? [String: Any])?["top_k"] as? Double == 8)
        #expect(((read.object["config"] as? [String: Any])?["chunking"] as? [String: Any])?["chunk_size"] as? Double == 128)

        #expect(try api.send("DELETE", "/v1/knowledge-bases/\(id)", token: owner.access).status == 204)
        #expect(try api.get("/v1/knowledge-bases/\(id)", token: owner.access).status == 404)
        #expect(try api.send("DELETE", "/v1/knowledge-bases/\(id)", token: owner.access).status == 404)
    }

    @Test(arguments: [
        (#"{"name":""}"#, "invalid_name", "name"),
        (#"{"description":"x"}"#, "invalid_request", "name"),
        (#"{"name":"a","colour":"red"}"#, "unknown_field", "colour"),
        (#"{"name":"a","config":{"chunking":{"chunk_size":9}}}"#, "invalid_config", "config.chunking.chunk_size"),
        (#"{"name":"a","config":{"chunking":{"chunk_overlap":200}}}"#, "invalid_config", "config.chunking.chunk_overlap"),
        (#"{"name":"a","config":{"embedding":{"provider":"openai","model":"text-embedding-3-small"}}}"#, "invalid_config",
         "config.embedding.provider"),
        (#"{"name":"a","config":{"retrieval":{"mode":"fuzzy"}}}"#, "invalid_config", "config.retrieval.mode"),
        (#"{"name":"a","config":{"generation":{"max_tokens":-5}}}"#, "invalid_config", "config.generation.max_tokens"),
        (#"{"name":"a","config":[]}"#, "invalid_config", "config"),
        (#"{"name":"a","name":"b"}"#, "invalid_json", ""),
        (#"["name"]"#, "invalid_request", "(body)"),
    ])
    func invalidBodiesAre400sNamingTheField(body: String, code: String, field: String) throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@kb.example")
        let reply = try api.post("/v1/knowledge-bases", body, token: owner.access)
        #expect(reply.status == 400, "\(body) → \(reply.status) \(reply.text)")
        #expect(reply.errorCode == code)
        if !field.isEmpty { #expect(reply.string("error.details.field") == field) }
        #expect(JSONSerializationLite.list(try api.get("/v1/knowledge-bases", token: owner.access).body).isEmpty)
    }

    @Test func aChunkingChangeReindexesEveryDocument() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@kb.example")
        let kb = try api.createKnowledgeBase("docs", token: owner.access,
                                             config: #"{"chunking":{"chunk_size":512,"chunk_overlap":0}}"#)
        let text = String(repeating: "Enzymes speed up reactions in living cells. ", count: 120)
        let ingest = try api.ingest([#"{"text":\#(jsonString(text))}"#, #"{"text":"A second, short document."}"#],
                                    kb: kb, token: owner.access)
        #expect(ingest.status == 202)
        _ = try api.finishedJob(try #require(ingest.string("job_id")), token: owner.access)
        let before = try #require(try api.get("/v1/knowledge-bases/\(kb)", token: owner.access).object["stats"] as? [String: Any])

        let patched = try api.send("PATCH", "/v1/knowledge-bases/\(kb)", token: owner.access,
                                   json: #"{"config":{"chunking":{"chunk_size":64}}}"#)
        #expect(patched.status == 200)
        let job = try #require(patched.string("reindex_job_id"))
        let finished = try api.finishedJob(job, token: owner.access)
        #expect(finished["status"] as? String == "succeeded")
        #expect(finished["kind"] as? String == "reindex")
        #expect((finished["progress"] as? [String: Any])?["total"] as? Double == 2)
        let after = try #require(try api.get("/v1/knowledge-bases/\(kb)", token: owner.access).object["stats"] as? [String: Any])
        #expect((after["chunks"] as? Double ?? 0) > (before["chunks"] as? Double ?? 0), "smaller chunks, more of them")
        #expect(after["documents"] as? Double == 2)
    }

    @Test func membersCannotManageKnowledgeBasesAndKeysSeeOnlyTheirs() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@kb.example")
        let first = try api.createKnowledgeBase("first", token: owner.access)
        let second = try api.createKnowledgeBase("second", token: owner.access)
        _ = try api.post("/v1/users", #"{"email":"m@kb.example","password":"pass word 1","role":"member"}"#,
                         token: owner.access)
        let member = try api.login("m@kb.example", password: "pass word 1")
        #expect(try api.post("/v1/knowledge-bases", #"{"name":"mine"}"#, token: member.access).status == 403)
        #expect(try api.send("DELETE", "/v1/knowledge-bases/\(first)", token: member.access).status == 403)
        #expect(try api.get("/v1/knowledge-bases/\(first)", token: member.access).status == 200)

        let limited = try api.createKey(token: owner.access, scopes: ["write"], extra: #","kb_ids":["\#(first)"]"#)
        let listed = JSONSerializationLite.list(try api.get("/v1/knowledge-bases", apiKey: limited.key).body)
        #expect(listed.map { $0["id"] as? String } == [first])
        #expect(try api.get("/v1/knowledge-bases/\(second)", apiKey: limited.key).status == 404)
        #expect(try api.ingest([#"{"text":"x"}"#], kb: second, apiKey: limited.key).status == 404)
        #expect(try api.ingest([#"{"text":"x"}"#], kb: first, apiKey: limited.key).status == 202)
        let reader = try api.createKey(token: owner.access, scopes: ["read"])
        #expect(try api.ingest([#"{"text":"y"}"#], kb: first, apiKey: reader.key).status == 403)
    }
}
