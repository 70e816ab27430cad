import TestSupport
import Testing

@Suite("Prompts over HTTP", .serialized)
struct PromptAPITests {
    @Test func versionsExperimentsAndValidation() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("p@prompts.example").access
        let template = #"Answer briefly.\n{{history}}Q: {{question}}\n{{sources}}"#
        let first = try api.post("/v1/prompts", #"{"name":"support","template":"\#(template)","description":"v1"}"#,
                                 token: owner)
        #expect(first.status == 201 && first.object["version"] as? Double == 1, "\(first.text)")
        let second = try api.post("/v1/prompts", #"{"name":"support","template":"Be kind. {{question}} {{sources}}"}"#,
                                  token: owner)
        #expect(second.object["version"] as? Double == 2)
        for bad in [#"{"name":"support","template":"no placeholders"}"#,
                    #"{"name":"support","template":"{{question}} {{source}}"}"#,
                    #"{"name":"support","template":"{{question}} {{sources}} {{sources}}"}"#,
                    #"{"name":"bad name!","template":"{{question}} {{sources}}"}"#,
                    #"{"template":"{{question}} {{sources}}"}"#] {
            let reply = try api.post("/v1/prompts", bad, token: owner)
            #expect(reply.status == 400, "\(bad): \(reply.text)")
        }
        let all = try api.get("/v1/prompts", token: owner)
        #expect(((all.object["data"] as? [[String: Any]]) ?? []).map { $0["version"] as? Double } == [2])
        let versions = try api.get("/v1/prompts/support", token: owner)
        #expect(((versions.object["versions"] as? [[String: Any]]) ?? []).count == 2)
        let firstPage = try api.get("/v1/prompts/support?limit=1", token: owner)
        #expect(((firstPage.object["versions"] as? [[String: Any]]) ?? []).map { $0["version"] as? Double } == [1])
        let cursor = try #require(firstPage.string("next_cursor"))
        let secondPage = try api.get("/v1/prompts/support?limit=1&cursor=\(cursor)", token: owner)
        #expect(((secondPage.object["versions"] as? [[String: Any]]) ?? []).map { $0["version"] as? Double } == [2])
        // Writing prompts takes the right to configure knowledge bases: a write-scoped key may not.
        let writer = try api.createKey(token: owner, scopes: ["write"]).key
        #expect(try api.post("/v1/prompts", #"{"name":"x","template":"{{question}} {{sources}}"}"#, apiKey: writer).status == 403)
        #expect(try api.get("/v1/prompts/support/versions/1", token: owner).string("description") == "v1")
        #expect(try api.get("/v1/prompts/support/versions/9", token: owner).status == 404)
        #expect(try api.get("/v1/prompts/nothing", token: owner).status == 404)

        let missing = try api.send("PUT", "/v1/prompts/support/experiment", token: owner,
                                   json: #"{"variants":[{"version":1,"weight":1},{"version":7,"weight":1}]}"#)
        #expect(missing.status == 400, "\(missing.text)")
        for bad in [#"{"variants":[]}"#, #"{"variants":[{"version":1,"weight":0}]}"#,
                    #"{"variants":[{"version":1},{"version":1}]}"#, #"{"variants":[{"version":"1"}]}"#] {
            #expect(try api.send("PUT", "/v1/prompts/support/experiment", token: owner, json: bad).status == 400, "\(bad)")
        }
        let set = try api.send("PUT", "/v1/prompts/support/experiment", token: owner,
                               json: #"{"variants":[{"version":1,"weight":3},{"version":2,"weight":1}]}"#)
        #expect(set.status == 200, "\(set.text)")
        let experiment = try api.get("/v1/prompts/support/experiment", token: owner)
        let variants = (experiment.object["variants"] as? [[String: Any]]) ?? []
        #expect(variants.map { $0["version"] as? Double } == [1, 2] && variants.first?["queries"] as? Double == 0)

        // Another organization sees none of it.
        let stranger = try api.register("s@prompts.example").access
        #expect(try api.get("/v1/prompts/support", token: stranger).status == 404)
        #expect(try api.get("/v1/prompts/support/experiment", token: stranger).status == 404)
        // A knowledge base may name a prompt by name alone (its experiment picks the version).
        let kb = try api.post("/v1/knowledge-bases", #"{"name":"kb","config":{"generation":{"prompt":"support"}}}"#, token: owner)
        #expect(kb.status == 201, "\(kb.text)")
        let badKB = try api.post("/v1/knowledge-bases", #"{"name":"kb2","config":{"generation":{"prompt":"a@b@c"}}}"#, token: owner)
        #expect(badKB.status == 400)
    }
}
