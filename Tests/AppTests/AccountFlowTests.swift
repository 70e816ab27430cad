@testable import App
import Auth
import Store
import TestSupport
import Testing

@Suite("Accounts: sign-up, sign-in, tokens, keys", .serialized)
struct AccountFlowTests {
    @Test func registerLoginAndMe() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let alice = try api.register("Alice@Example.COM", org: "Acme")
        let me = try api.get("/v1/auth/me", token: alice.access)
        #expect(me.status == 200)
        #expect(me.string("user.email") == "alice@example.com")
        #expect(me.string("role") == "owner")
        #expect(me.string("org.name") == "Acme")
        #expect(me.header("RateLimit-Limit") != nil && me.header("RateLimit-Remaining") != nil
            && me.header("RateLimit-Reset") != nil)
        let again = try api.login("alice@example.com")
        #expect(try api.get("/v1/auth/me", token: again.access).status == 200)
        let duplicate = try api.post("/v1/auth/register", #"{"email":"ALICE@example.com","password":"another password"}"#)
        #expect(duplicate.status == 409)
        #expect(duplicate.errorCode == "email_taken")
    }

    @Test func unknownEmailAndWrongPasswordLookTheSame() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        _ = try api.register("bob@example.com")
        let wrong = try api.post("/v1/auth/login", #"{"email":"bob@example.com","password":"not the password"}"#)
        let unknown = try api.post("/v1/auth/login", #"{"email":"nobody@example.com","password":"not the password"}"#)
        #expect(wrong.status == 401 && unknown.status == 401)
        func withoutRequestID(_ text: String) -> String {
            text.replacing(/"request_id":"[^"]*"/, with: "")
        }
        #expect(withoutRequestID(wrong.text) == withoutRequestID(unknown.text))
        #expect(wrong.errorCode == "invalid_credentials")
    }

    @Test func passwordRules() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let short = try api.post("/v1/auth/register", #"{"email":"c@example.com","password":"short"}"#)
        #expect(short.status == 400 && short.errorCode == "password_too_short")
        let long = String(repeating: "x", count: 1025)
        let tooLong = try api.post("/v1/auth/register", #"{"email":"c@example.com","password":"\#(long)"}"#)
        #expect(tooLong.status == 400 && tooLong.errorCode == "password_too_long")
        let exact = String(repeating: "é", count: 1024)
        _ = try api.register("c@example.com", password: exact)
        #expect(try api.login("c@example.com", password: exact).access.isEmpty == false)
        let truncated = try api.post("/v1/auth/login",
                                     #"{"email":"c@example.com","password":"\#(String(repeating: "é", count: 1023))x"}"#)
        #expect(truncated.status == 401, "no truncation: the last character counts")
    }

    @Test func refreshRotatesAndReuseRevokesTheFamily() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let first = try api.register("dan@example.com")
        let rotated = try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(first.refresh)"}"#)
        #expect(rotated.status == 200)
        let secondRefresh = try #require(rotated.string("refresh_token"))
        let secondAccess = try #require(rotated.string("access_token"))
        #expect(secondRefresh != first.refresh)
        #expect(try api.get("/v1/auth/me", token: secondAccess).status == 200)

        // The spent token comes back: a thief or a replay. The whole family dies.
        let replay = try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(first.refresh)"}"#)
        #expect(replay.status == 401 && replay.errorCode == "invalid_refresh_token")
        #expect(try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(secondRefresh)"}"#).status == 401)
        #expect(try api.get("/v1/auth/me", token: secondAccess).status == 401)
        #expect(try api.get("/v1/auth/me", token: first.access).status == 401)
        // Other sessions are untouched.
        let other = try api.login("dan@example.com")
        #expect(try api.get("/v1/auth/me", token: other.access).status == 200)
        let audit = try api.get("/v1/admin/audit-log", token: other.access)
        #expect(audit.text.contains("token_reuse_detected"))
        #expect(try api.post("/v1/auth/refresh", #"{"refresh_token":"rt_garbage"}"#).status == 401)
    }

    @Test func refreshTokensExpire() throws {
        let app = try RunningApp { $0.auth.refreshTokenSeconds = 3600 }
        let api = APIClient(port: app.port)
        let user = try api.register("exp@example.com")
        app.clock.advance(by: 3601)
        #expect(try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(user.refresh)"}"#).status == 401)
        #expect(try api.get("/v1/auth/me", token: user.access).status == 401, "the access token expired long ago")
    }

    @Test func logoutKillsTheSessionAtOnce() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let erin = try api.register("erin@example.com")
        let other = try api.login("erin@example.com")
        #expect(try api.post("/v1/auth/logout", "{}", token: erin.access).status == 204)
        #expect(try api.get("/v1/auth/me", token: erin.access).status == 401)
        #expect(try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(erin.refresh)"}"#).status == 401)
        #expect(try api.get("/v1/auth/me", token: other.access).status == 200, "only that session ends")
    }

    @Test func passwordChangeRevokesOtherSessions() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let current = try api.register("fay@example.com")
        let other = try api.login("fay@example.com")
        let wrong = try api.post("/v1/auth/password",
                                 #"{"current_password":"nope nope","new_password":"brand new secret"}"#, token: current.access)
        #expect(wrong.status == 403)
        let changed = try api.post("/v1/auth/password",
                                   #"{"current_password":"correct horse battery","new_password":"brand new secret"}"#,
                                   token: current.access)
        #expect(changed.status == 204)
        #expect(try api.get("/v1/auth/me", token: other.access).status == 401)
        #expect(try api.post("/v1/auth/refresh", #"{"refresh_token":"\#(other.refresh)"}"#).status == 401)
        #expect(try api.get("/v1/auth/me", token: current.access).status == 200)
        #expect(try api.post("/v1/auth/login", #"{"email":"fay@example.com","password":"correct horse battery"}"#).status == 401)
        _ = try api.login("fay@example.com", password: "brand new secret")
    }

    @Test func apiKeysAuthenticateUntilRevokedOrExpired() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("gil@example.com")
        let created = try api.post("/v1/api-keys", #"{"name":"ci","scopes":["read","write"],"kb_ids":["kb_1"]}"#,
                                   token: owner.access)
        #expect(created.status == 201)
        let key = try #require(created.string("key"))
        let id = try #require(created.string("id"))
        #expect(key.hasPrefix("rag_") && key.count >= 47)
        let me = try api.get("/v1/auth/me", apiKey: key)
        #expect(me.status == 200 && me.string("api_key.id") == id)
        #expect(try api.send("GET", "/v1/auth/me", token: key).status == 200, "Bearer works for keys too")
        let listed = try api.get("/v1/api-keys", token: owner.access)
        #expect(listed.text.contains(id) && !listed.text.contains(key), "the key itself is never listed")
        #expect(try api.send("DELETE", "/v1/api-keys/\(id)", token: owner.access).status == 204)
        #expect(try api.get("/v1/auth/me", apiKey: key).status == 401)

        let expiring = try api.createKey(token: owner.access, scopes: ["read"],
                                         extra: #","expires_at":"\#(Timestamp.format(milliseconds: Int64((app.clock.now() + 60) * 1000)))""#)
        #expect(try api.get("/v1/auth/me", apiKey: expiring.key).status == 200)
        app.clock.advance(by: 61)
        #expect(try api.get("/v1/auth/me", apiKey: expiring.key).status == 401)
        #expect(!app.logs.lines.contains { $0.contains(key) || $0.contains(expiring.key) }, "keys never reach logs")
    }

    @Test func massAssignmentIsRefused() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        for field in [#""role":"owner""#, #""org_id":"org_x""#, #""tier":"enterprise""#, #""disabled":false"#] {
            let reply = try api.post("/v1/auth/register",
                                     #"{"email":"h@example.com","password":"correct horse battery",\#(field)}"#)
            #expect(reply.status == 400 && reply.errorCode == "unknown_field", "\(field)")
        }
        let owner = try api.register("h@example.com")
        let created = try api.post("/v1/users", #"{"email":"i@example.com","password":"pass word 1","role":"member"}"#,
                                   token: owner.access)
        let userID = try #require(created.string("id"))
        let patch = try api.send("PATCH", "/v1/users/\(userID)", token: owner.access, json: #"{"org_id":"org_other"}"#)
        #expect(patch.status == 400 && patch.errorCode == "unknown_field")
        let key = try api.post("/v1/api-keys", #"{"name":"k","scopes":["read"],"created_by":"usr_other"}"#,
                               token: owner.access)
        #expect(key.status == 400)
    }

    @Test func signupCanBeClosed() throws {
        let app = try RunningApp { $0.auth.allowSignup = "false" }
        let reply = try APIClient(port: app.port).post("/v1/auth/register",
                                                       #"{"email":"j@example.com","password":"correct horse battery"}"#)
        #expect(reply.status == 403 && reply.errorCode == "signup_closed")
    }

    @Test func unauthenticatedRoutesAreRateLimitedPerAddress() throws {
        let app = try RunningApp {
            $0.rateLimits.unauthenticatedPerMinute = 60
            $0.rateLimits.unauthenticatedBurst = 3
        }
        let api = APIClient(port: app.port)
        var replies: [APIClient.Reply] = []
        for _ in 0..<4 { replies.append(try api.post("/v1/auth/login", #"{"email":"k@example.com","password":"whatever 1"}"#)) }
        #expect(replies.prefix(3).allSatisfy { $0.status == 401 })
        let limited = replies[3]
        #expect(limited.status == 429 && limited.errorCode == "rate_limited")
        #expect(limited.header("Retry-After") == "1")
        #expect(limited.header("RateLimit-Remaining") == "0")
        app.clock.advance(by: 1)
        #expect(try api.post("/v1/auth/login", #"{"email":"k@example.com","password":"whatever 1"}"#).status == 401)
    }

    @Test func failedLoginsSlowDownThenLockTheAccount() throws {
        let app = try RunningApp {
            $0.auth.loginFreeFailures = 3
            $0.auth.loginBaseDelaySeconds = 2
        }
        let api = APIClient(port: app.port)
        _ = try api.register("lee@example.com")
        let bad = #"{"email":"lee@example.com","password":"wrong password"}"#
        // Three failures are free; the fourth is counted, then attempts wait.
        for _ in 0..<4 { #expect(try api.post("/v1/auth/login", bad).status == 401) }
        let throttled = try api.post("/v1/auth/login", bad)
        #expect(throttled.status == 429 && throttled.errorCode == "too_many_attempts")
        let wait = Int(try #require(throttled.header("Retry-After"))) ?? 0
        #expect(wait >= 1)
        // Even the right password waits: the throttle runs before any verification.
        #expect(try api.post("/v1/auth/login", #"{"email":"lee@example.com","password":"correct horse battery"}"#).status == 429)
        app.clock.advance(by: Double(wait))
        _ = try api.login("lee@example.com")
    }
}

@Suite("Accounts: parameters, limits and the CLI", .serialized)
struct AccountOperationsTests {
    @Test func loginRehashesWhenParametersChange() throws {
        let directory = TemporaryDirectory(prefix: "ragd-rehash")
        defer { directory.remove() }
        func hashOfUser() throws -> String? {
            let db = try SQLiteConnection(path: directory.path + "/data/ragd.sqlite", mode: .readOnly)
            return try db.queryOne("SELECT password_hash FROM users") { try $0.get(0) }
        }
        do {
            let first = try RunningApp { $0.dataDirectory = directory.path + "/data" }
            _ = try APIClient(port: first.port).register("s@example.com")
        }
        #expect(try hashOfUser()?.contains("m=1024,t=1,p=1") == true)
        let second = try RunningApp {
            $0.dataDirectory = directory.path + "/data"
            $0.auth.passwordMemoryKiB = 2048
            $0.auth.passwordIterations = 2
        }
        let api = APIClient(port: second.port)
        let session = try api.login("s@example.com")
        #expect(try hashOfUser()?.contains("m=2048,t=2,p=1") == true, "rehashed with the new parameters")
        let audit = try api.get("/v1/admin/audit-log", token: session.access)
        #expect(audit.text.contains(#""rehashed":"true""#))
        _ = try api.login("s@example.com")
    }

    @Test func oneTenantsLimitDoesNotTouchAnother() throws {
        let app = try RunningApp {
            $0.rateLimits.freePerMinute = 60
            $0.rateLimits.freeBurst = 5
        }
        let api = APIClient(port: app.port)
        let a = try api.register("a@tenant.example")
        let b = try api.register("b@tenant.example")
        var limited: APIClient.Reply?
        for _ in 0..<6 {
            let reply = try api.get("/v1/auth/me", token: a.access)
            if reply.status == 429 { limited = reply }
        }
        let reply = try #require(limited, "A exhausts its bucket")
        #expect(reply.errorCode == "rate_limited" && reply.header("Retry-After") != nil)
        let other = try api.get("/v1/auth/me", token: b.access)
        #expect(other.status == 200 && other.header("RateLimit-Remaining") == "4", "B's bucket is untouched")
        let aKey = try api.createKey(token: try api.register("c@tenant.example").access, scopes: ["read"])
        #expect(try api.get("/v1/auth/me", apiKey: aKey.key).status == 200, "keys have buckets of their own")
    }

    @Test func adminCreateUserCommand() throws {
        let directory = TemporaryDirectory(prefix: "ragd-cli")
        defer { directory.remove() }
        _ = Subprocess.run("/bin/sh", ["-c", "printf 'cli pass word\\n' > \(directory.path)/pw"], input: [])
        let created = Subprocess.run(RagdProcessTests.binary, [
            "admin", "create-user", "--email", "Ops@Example.com", "--password-file", directory.path + "/pw",
            "--org", "Ops", "--role", "owner", "--data-dir", directory.path + "/data",
        ], input: [])
        #expect(created.status == 0, "\(created.output)")
        #expect(created.output.contains("created user usr_") && created.output.contains("ops@example.com"))
        let again = Subprocess.run(RagdProcessTests.binary, [
            "admin", "create-user", "--email", "ops@example.com", "--password-file", directory.path + "/pw",
            "--org", "Ops", "--data-dir", directory.path + "/data",
        ], input: [])
        #expect(again.status != 0 && again.output.contains("already exists"))
        let app = try RunningApp { $0.dataDirectory = directory.path + "/data" }
        let session = try APIClient(port: app.port).login("ops@example.com", password: "cli pass word")
        #expect(try APIClient(port: app.port).get("/v1/auth/me", token: session.access).string("role") == "owner")
        let permissions = Subprocess.run(RagdProcessTests.binary, ["admin", "permissions"], input: [])
        #expect(permissions.status == 0 && permissions.output.contains("manageOwners"))
    }
}
