@testable import App
import FoundationEssentials
import Store
import Synchronization
import TestSupport
import Testing

@Suite("Tenant isolation", .serialized)
struct TenantIsolationTests {
    /// Org A with objects of every kind; org B with a principal of every role and every key scope.
    struct World {
        let app: RunningApp
        let api: APIClient
        var aOwner = ""
        var aOrg = ""
        var aIDs: [String: String] = [:]          // fixture name → id of A's object
        var bPrincipals: [(label: String, token: String?, key: String?)] = []

        init(app: RunningApp) throws {
            self.app = app
            api = APIClient(port: app.port)
            let a = try api.register("owner@a.example", org: "A")
            aOwner = a.access
            aOrg = a.org
            let member = try api.post("/v1/users", #"{"email":"member@a.example","password":"pass word 1","role":"member"}"#,
                                      token: a.access)
            aIDs["user"] = member.string("id")
            aIDs["api_key"] = try api.createKey(token: a.access, scopes: ["read"]).id
            let kb = try api.createKnowledgeBase("A's handbook", token: a.access)
            aIDs["kb"] = kb
            let ingest = try api.ingest([#"{"text":"A's confidential plan.","external_id":"plan"}"#], kb: kb,
                                        token: a.access)
            aIDs["job"] = ingest.string("job_id")
            aIDs["document"] = (ingest.object["documents"] as? [[String: Any]])?.first?["id"] as? String
            _ = try api.finishedJob(aIDs["job"] ?? "", token: a.access)
            let answered = try api.post("/v1/query", #"{"kb_id":"\#(kb)","query":"confidential plan"}"#, token: a.access)
            aIDs["query"] = answered.string("query_id")
            aIDs["trace"] = answered.string("trace_id")
            aIDs["conversation"] = answered.string("conversation_id")
            aIDs["prompt"] = try api.post("/v1/prompts", #"{"name":"a-secret","template":"{{question}} {{sources}}"}"#,
                                          token: a.access).string("name")
            _ = try api.send("PUT", "/v1/prompts/a-secret/experiment", token: a.access,
                             json: #"{"variants":[{"version":1,"weight":1}]}"#)
            // Reading history flushes the query recorder, so A's rows are all written before the snapshot.
            _ = try api.get("/v1/queries", token: a.access)

            let b = try api.register("owner@b.example", org: "B")
            bPrincipals.append(("B owner", b.access, nil))
            for role in ["admin", "member", "viewer"] {
                let email = "\(role)@b.example"
                _ = try api.post("/v1/users", #"{"email":"\#(email)","password":"pass word 1","role":"\#(role)"}"#,
                                 token: b.access)
                bPrincipals.append(("B \(role)", try api.login(email, password: "pass word 1").access, nil))
            }
            for scope in ["read", "write", "admin"] {
                bPrincipals.append(("B key \(scope)", nil, try api.createKey(token: b.access, scopes: [scope]).key))
            }
        }

        /// A's rows as the database holds them (to prove nothing changed).
        func snapshotOfA() throws -> [String] {
            let connection = try SQLiteConnection(path: app.application.config.dataDirectory + "/ragd.sqlite",
                                                  mode: .readOnly)
            var rows: [String] = []
            for table in ["users", "api_keys", "sessions", "knowledge_bases", "documents", "chunks", "jobs", "job_tasks",
                          "conversations", "queries", "traces", "prompts", "prompt_experiments"] {
                rows += try connection.query("SELECT * FROM \(table) WHERE org_id = ? ORDER BY rowid", [aOrg]) { row in
                    (0..<row.count).map { "\((try? row.get($0, as: SQLValue.self)) ?? .null)" }.joined(separator: "|")
                }
            }
            return rows
        }
    }

    /// Which fixture fills each path parameter; a new id-bearing endpoint without an entry here fails the test, so
    /// every future endpoint joins the matrix.
    static let fixtures: [String: String] = [
        "/v1/users/{id}": "user",
        "/v1/api-keys/{id}": "api_key",
        "/v1/knowledge-bases/{kb}": "kb",
        "/v1/knowledge-bases/{kb}/documents": "kb",
        "/v1/documents/{id}": "document",
        "/v1/documents/{id}/chunks": "document",
        "/v1/jobs/{id}": "job",
        "/v1/jobs/{id}/cancel": "job",
        "/v1/queries/{id}": "query",
        "/v1/queries/{id}/feedback": "query",
        "/v1/traces/{id}": "trace",
        "/v1/conversations/{id}": "conversation",
        "/v1/prompts/{name}": "prompt",
        "/v1/prompts/{name}/experiment": "prompt",
        "/v1/prompts/{name}/versions/{v}": "prompt",
    ]

    @Test func otherTenantsIDsAre404ForEveryRoleAndScope() throws {
        let world = try World(app: try RunningApp())
        let document = try world.api.get("/openapi.json")
        let paths = (try JSONSerializationLite.object(document.body) as? [String: Any])?["paths"] as? [String: Any] ?? [:]
        let templated = paths.filter { $0.key.contains("{") }
        #expect(!templated.isEmpty)
        let before = try world.snapshotOfA()
        var checked = 0
        for (path, operations) in templated.sorted(by: { $0.key < $1.key }) {
            guard let fixture = Self.fixtures[path], let id = world.aIDs[fixture] else {
                Issue.record("no tenant-matrix fixture for \(path): add one")
                continue
            }
            let concrete = path.replacing(/\{[^}]+\}/, with: id)
            for method in ((operations as? [String: Any]) ?? [:]).keys.sorted() {
                for principal in world.bPrincipals {
                    let body = method == "get" || method == "delete" ? nil : #"{"name":"pwned"}"#
                    let reply = try world.api.send(method.uppercased(), concrete, token: principal.token,
                                                   apiKey: principal.key, json: body)
                    #expect(reply.status == 404, "\(principal.label) \(method.uppercased()) \(path) → \(reply.status)")
                    #expect(!reply.text.contains(world.aOrg))
                    checked += 1
                }
            }
        }
        #expect(checked >= 3 * world.bPrincipals.count)
        #expect(try world.snapshotOfA() == before, "A's rows changed")
    }

    @Test func listsNeverShowAnotherTenantsObjects() throws {
        let world = try World(app: try RunningApp())
        // Give A some audit history of its own.
        _ = try world.api.post("/v1/auth/login", #"{"email":"owner@a.example","password":"wrong password"}"#)
        let secrets = [world.aOrg] + world.aIDs.values + ["owner@a.example", "member@a.example", "confidential"]
        for path in ["/v1/users", "/v1/api-keys", "/v1/admin/audit-log", "/v1/org", "/v1/auth/me", "/v1/knowledge-bases",
                     "/v1/queries", "/v1/conversations", "/v1/prompts"] {
            for principal in world.bPrincipals {
                let reply = try world.api.get(path, token: principal.token, apiKey: principal.key)
                #expect([200, 403].contains(reply.status), "\(principal.label) GET \(path) → \(reply.status)")
                for secret in secrets {
                    #expect(!reply.text.contains(secret), "\(principal.label) GET \(path) shows A's \(secret)")
                }
            }
        }
    }

    @Test func adminRoutesNeedAdminRights() throws {
        let world = try World(app: try RunningApp())
        let expectations: [(String, [String: Int])] = [
            ("/v1/users", ["B owner": 200, "B admin": 200, "B member": 403, "B viewer": 403,
                           "B key read": 403, "B key write": 403, "B key admin": 200]),
            ("/v1/admin/audit-log", ["B owner": 200, "B admin": 200, "B member": 403, "B viewer": 403,
                                     "B key read": 403, "B key write": 403, "B key admin": 200]),
            ("/v1/org", ["B owner": 200, "B admin": 200, "B member": 403, "B viewer": 403,
                         "B key read": 403, "B key write": 403, "B key admin": 200]),
        ]
        for (path, statuses) in expectations {
            for principal in world.bPrincipals {
                let reply = try world.api.get(path, token: principal.token, apiKey: principal.key)
                #expect(reply.status == statuses[principal.label], "\(principal.label) GET \(path) → \(reply.status)")
                if reply.status == 403 { #expect(reply.errorCode == "forbidden") }
            }
        }
    }
}

@Suite("Every tenant query names its tenant", .serialized)
struct TenantQueryTests {
    static let tenantTables = ["users", "sessions", "refresh_tokens", "api_keys", "audit_log", "organizations",
                               "knowledge_bases", "documents", "chunks", "jobs", "job_tasks"]

    @Test func everyStatementOnTenantTablesFiltersByOrganization() throws {
        let statements = Mutex<Set<String>>([])
        let app = try RunningApp(statementObserver: { sql in statements.withLock { _ = $0.insert(sql) } })
        let api = APIClient(port: app.port)
        // Exercise every account path: register, login (good, bad, unknown), refresh (+ replay), me, keys, users,
        // org, audit, password, logout, key auth.
        let owner = try api.register("root@t.example")
        _ = try api.post("/v1/auth/login", #"{"email":"root@t.example","password":"wrong password"}"#)
        _ = try api.post("/v1/auth/login", #"{"email":"ghost@t.example","password":"wrong password"}"#)
        let session = try api.login("root@t.example")
        let rotated = try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(session.refresh)"}"#)
        _ = try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(session.refresh)"}"#)
        #expect(rotated.status == 200)
        let key = try api.createKey(token: owner.access, scopes: ["read"])
        _ = try api.get("/v1/auth/me", apiKey: key.key)
        _ = try api.get("/v1/auth/me", token: owner.access)
        _ = try api.get("/v1/api-keys", token: owner.access)
        let user = try api.post("/v1/users", #"{"email":"u@t.example","password":"pass word 1","role":"viewer"}"#,
                                token: owner.access)
        let userID = try #require(user.string("id"))
        _ = try api.get("/v1/users", token: owner.access)
        _ = try api.send("PATCH", "/v1/users/\(userID)", token: owner.access, json: #"{"role":"member","name":"U"}"#)
        _ = try api.send("DELETE", "/v1/users/\(userID)", token: owner.access)
        _ = try api.send("DELETE", "/v1/api-keys/\(key.id)", token: owner.access)
        _ = try api.get("/v1/org", token: owner.access)
        _ = try api.get("/v1/admin/audit-log", token: owner.access)
        _ = try api.post("/v1/auth/password", #"{"current_password":"correct horse battery","new_password":"new pass word"}"#,
                         token: owner.access)
        // Knowledge: create, update (re-index), ingest (new, duplicate, new version), read, cancel, delete.
        let kb = try api.createKnowledgeBase("kb", token: owner.access)
        let first = try api.ingest([#"{"text":"one","external_id":"e"}"#, #"{"text":"two"}"#], kb: kb, token: owner.access)
        let firstJob = try #require(first.string("job_id"))
        _ = try api.finishedJob(firstJob, token: owner.access)
        _ = try api.ingest([#"{"text":"two"}"#, #"{"text":"one, edited","external_id":"e"}"#], kb: kb, token: owner.access)
        let patched = try api.send("PATCH", "/v1/knowledge-bases/\(kb)", token: owner.access,
                                   json: #"{"config":{"chunking":{"chunk_size":100}}}"#)
        _ = try api.finishedJob(try #require(patched.string("reindex_job_id")), token: owner.access)
        _ = try api.get("/v1/knowledge-bases", token: owner.access)
        _ = try api.get("/v1/knowledge-bases/\(kb)/documents", token: owner.access)
        let documentID = try #require((first.object["documents"] as? [[String: Any]])?.first?["id"] as? String)
        _ = try api.get("/v1/documents/\(documentID)/chunks", token: owner.access)
        _ = try api.post("/v1/jobs/\(firstJob)/cancel", "{}", token: owner.access)
        _ = try api.send("DELETE", "/v1/documents/\(documentID)", token: owner.access)
        _ = try api.send("DELETE", "/v1/knowledge-bases/\(kb)", token: owner.access)
        _ = try api.post("/v1/auth/logout", "{}", token: owner.access)

        let allowed = CredentialLookup.statements.union(Maintenance.statements).union(WorkQueue.statements)
        let seen = statements.withLock { $0 }
        var tenantStatements = 0
        for sql in seen {
            let lower = sql.lowercased()
            guard Self.tenantTables.contains(where: { lower.contains(" \($0) ") || lower.contains(" \($0)\n") || lower.hasSuffix(" \($0)") }),
                  !lower.hasPrefix("create "), !lower.hasPrefix("--"), !lower.contains("schema_migrations") else { continue }
            tenantStatements += 1
            if allowed.contains(sql) { continue }
            let scoped = lower.contains("org_id = ?") || lower.contains("org_id, ")
                || (lower.contains(" organizations ") && lower.contains("where id = ?"))
                || (lower.hasPrefix("insert into organizations"))
            #expect(scoped, "tenant statement without its organization: \(sql)")
        }
        #expect(tenantStatements >= 20, "the flow must exercise the repositories (saw \(tenantStatements))")
        #expect(CredentialLookup.statements.isSubset(of: seen), "every credential lookup was exercised")
    }
}
