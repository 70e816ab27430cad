@testable import App
import TestSupport
import Testing
import Synchronization
import Threading

@Suite("Login timing", .serialized)
struct LoginTimingTests {
    /// Unknown email and wrong password must not be told apart by status, body or time. Both paths verify one
    /// argon2id hash with the real default parameters, so the means must agree within 20%.
    @Test func unknownEmailAndWrongPasswordTakeTheSameTime() throws {
        let app = try RunningApp {
            $0.auth.passwordMemoryKiB = 19_456
            $0.auth.passwordIterations = 2
            $0.auth.loginFreeFailures = 100
            $0.auth.loginIPFreeFailures = 10_000
        }
        let api = APIClient(port: app.port)
        _ = try api.register("timing@example.com")
        let wrong = #"{"email":"timing@example.com","password":"definitely wrong"}"#
        let unknown = #"{"email":"nobody-here@example.com","password":"definitely wrong"}"#
        _ = try api.post("/v1/auth/login", wrong)  // warm both paths
        _ = try api.post("/v1/auth/login", unknown)
        var wrongTimes: [Double] = []
        var unknownTimes: [Double] = []
        for round in 0..<24 {
            // Interleaved, alternating first, so drift in machine load hits both alike.
            for body in round.isMultiple(of: 2) ? [wrong, unknown] : [unknown, wrong] {
                let start = MonotonicClock.now
                let reply = try api.post("/v1/auth/login", body)
                let elapsed = Double(MonotonicClock.now - start) / 1e6
                #expect(reply.status == 401)
                if body == wrong { wrongTimes.append(elapsed) } else { unknownTimes.append(elapsed) }
            }
        }
        // Trimmed means: drop the two slowest of each (a scheduler hiccup is not a timing channel).
        func trimmedMean(_ values: [Double]) -> Double {
            let kept = values.sorted().dropLast(2)
            return kept.reduce(0, +) / Double(kept.count)
        }
        let a = trimmedMean(wrongTimes)
        let b = trimmedMean(unknownTimes)
        #expect(abs(a - b) / max(a, b) < 0.20, "wrong password \(a) ms vs unknown email \(b) ms")
        #expect(min(a, b) > 5, "argon2id with 19 MiB must cost milliseconds, or hashing is not happening")
    }
}

@Suite("Access tokens over HTTP", .serialized)
struct AccessTokenAttackTests {
    @Test func forgedAndBrokenTokensGet401WithoutInternals() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let user = try api.register("m@example.com")
        let parts = user.access.split(separator: ".").map(String.init)
        let noneHeader = Base64URLText.encode(#"{"alg":"none","typ":"JWT"}"#)
        let jkuHeader = Base64URLText.encode(#"{"alg":"HS256","typ":"JWT","jku":"https://evil.example/keys"}"#)
        let tampered = Base64URLText.encode(#"{"sub":"usr_evil","role":"owner"}"#)
        let attacks = [
            "\(noneHeader).\(parts[1]).",
            "\(noneHeader).\(parts[1]).\(parts[2])",
            "\(parts[0]).\(tampered).\(parts[2])",
            "\(jkuHeader).\(parts[1]).\(parts[2])",
            "\(parts[0]).\(parts[1]).\(String(parts[2].reversed()))",
            "not-a-token",
            "\(parts[0]).\(parts[1])",
            "%%%.%%%.%%%",
        ]
        for token in attacks {
            let reply = try api.get("/v1/auth/me", token: token)
            #expect(reply.status == 401, "\(token.prefix(40))")
            #expect(reply.errorCode == "invalid_token")
            #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            #expect(!reply.text.contains("signature") && !reply.text.contains("alg"), "no internals: \(reply.text)")
        }
        app.clock.advance(by: 900 + 31)  // lifetime plus the verifier's 30 s clock-skew leeway
        let expired = try api.get("/v1/auth/me", token: user.access)
        #expect(expired.errorCode == "invalid_token", "expired: \(expired.status) \(expired.text)")
        #expect(try api.get("/v1/auth/me").errorCode == "unauthenticated")
        #expect(try api.send("GET", "/v1/auth/me", headers: [("Authorization", "Basic dXNlcjpwYXNz")]).status == 401)
    }

    @Test func aHundredKilobyteToken() throws {
        let huge = "eyJ" + String(repeating: "A", count: 100 * 1024)
        // With the default header limits the HTTP layer refuses the field itself (431) before authentication runs.
        let app = try RunningApp()
        #expect(try APIClient(port: app.port).get("/v1/auth/me", token: huge).status == 431)
        // With limits raised far enough to let it through, the token verifier refuses it: 401, no internals.
        let roomy = try RunningApp {
            $0.server.limits.maxHeaderLineBytes = 256 * 1024
            $0.server.limits.maxHeaderBytes = 512 * 1024
        }
        let reply = try APIClient(port: roomy.port).get("/v1/auth/me", token: huge)
        #expect(reply.status == 401 && reply.errorCode == "invalid_token")
    }
}

@Suite("Roles and scopes over HTTP", .serialized)
struct RoleTests {
    @Test func scopesAreCappedByRoleAndKeysCannotMintKeys() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("o@example.com")
        _ = try api.post("/v1/users", #"{"email":"v@example.com","password":"pass word 1","role":"viewer"}"#, token: owner.access)
        let viewer = try api.login("v@example.com", password: "pass word 1")
        let tooMuch = try api.post("/v1/api-keys", #"{"name":"x","scopes":["write"]}"#, token: viewer.access)
        #expect(tooMuch.status == 403 && tooMuch.errorCode == "scope_not_allowed")
        _ = try api.createKey(token: viewer.access, scopes: ["read"])
        let adminKey = try api.createKey(token: owner.access, scopes: ["admin"])
        #expect(try api.post("/v1/api-keys", #"{"name":"y","scopes":["read"]}"#, apiKey: adminKey.key).status == 403)
        #expect(try api.post("/v1/api-keys", #"{"name":"y","scopes":["root"]}"#, token: owner.access).errorCode == "invalid_scope")
    }

    @Test func ownersAreProtected() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("own@example.com")
        let me = try api.get("/v1/auth/me", token: owner.access)
        let ownerID = try #require(me.string("user.id"))
        _ = try api.post("/v1/users", #"{"email":"adm@example.com","password":"pass word 1","role":"admin"}"#, token: owner.access)
        let admin = try api.login("adm@example.com", password: "pass word 1")
        let makeOwner = try api.post("/v1/users", #"{"email":"x@example.com","password":"pass word 1","role":"owner"}"#,
                                     token: admin.access)
        #expect(makeOwner.status == 403)
        #expect(try api.send("PATCH", "/v1/users/\(ownerID)", token: admin.access, json: #"{"disabled":true}"#).status == 403)
        #expect(try api.send("DELETE", "/v1/users/\(ownerID)", token: admin.access).status == 403)
        let demoteLast = try api.send("PATCH", "/v1/users/\(ownerID)", token: owner.access, json: #"{"role":"admin"}"#)
        #expect(demoteLast.status == 409 && demoteLast.errorCode == "last_owner")
        #expect(try api.send("DELETE", "/v1/users/\(ownerID)", token: owner.access).status == 409)
    }

    @Test func roleChangeAndDisableTakeEffectAtOnce() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("p@example.com")
        let created = try api.post("/v1/users", #"{"email":"q@example.com","password":"pass word 1","role":"admin"}"#,
                                   token: owner.access)
        let id = try #require(created.string("id"))
        let admin = try api.login("q@example.com", password: "pass word 1")
        let adminKey = try api.createKey(token: admin.access, scopes: ["admin"])
        #expect(try api.get("/v1/users", token: admin.access).status == 200)
        let demoted = try api.send("PATCH", "/v1/users/\(id)", token: owner.access, json: #"{"role":"viewer"}"#)
        #expect(demoted.status == 200 && demoted.string("role") == "viewer")
        #expect(try api.get("/v1/users", apiKey: adminKey.key).status == 403,
                "a key never outranks its creator: the admin-scoped key of a now-viewer cannot list users")
        #expect(try api.get("/v1/users", token: admin.access).status == 401, "the old token carried the old role")
        let relogged = try api.login("q@example.com", password: "pass word 1")
        #expect(try api.get("/v1/users", token: relogged.access).status == 403)
        _ = try api.send("PATCH", "/v1/users/\(id)", token: owner.access, json: #"{"disabled":true}"#)
        #expect(try api.get("/v1/auth/me", token: relogged.access).status == 401)
        #expect(try api.get("/v1/auth/me", apiKey: adminKey.key).status == 401, "a disabled user's keys stop working")
        #expect(try api.post("/v1/auth/login", #"{"email":"q@example.com","password":"pass word 1"}"#).status == 401)
        let audit = try api.get("/v1/admin/audit-log?limit=500", token: owner.access).text
        for action in ["role_changed", "user_updated", "user_created", "api_key_created", "login_succeeded", "login_failed"] {
            #expect(audit.contains(#""action":"\#(action)""#), "audit lacks \(action)")
        }
    }

    @Test func auditLogPaginates() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("r@example.com")
        for _ in 0..<5 { _ = try api.createKey(token: owner.access, scopes: ["read"]) }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let path = "/v1/admin/audit-log?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try api.get(path, token: owner.access)
            #expect(page.status == 200)
            let entries = JSONSerializationLite.list(page.body)
            #expect(entries.count <= 2)
            seen += entries.compactMap { $0["id"] as? String }
            cursor = page.string("next_cursor")
        } while cursor != nil
        #expect(seen.count == 6 && Set(seen).count == 6)
        #expect(try api.get("/v1/admin/audit-log?limit=0", token: owner.access).errorCode == "invalid_limit")
        #expect(try api.get("/v1/admin/audit-log?cursor=zzz", token: owner.access).errorCode == "invalid_cursor")
    }
}

/// Base64url of UTF-8 text, for hand-made tokens.
enum Base64URLText {
    static func encode(_ text: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let bytes = Array(text.utf8)
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count { out.append(alphabet[(value >> (18 - 6 * position)) & 63]) }
            index += 3
        }
        return out
    }
}

@Suite("Password hashing is isolated", .serialized)
struct PasswordPoolTests {
    /// A burst of sign-ins queues (then is shed) in the hashing pool; everyone else's requests do not wait behind it.
    @Test func loginBurstDoesNotBlockOtherRequests() throws {
        let app = try RunningApp {
            $0.auth.passwordMemoryKiB = 19_456
            $0.auth.passwordIterations = 24  // ~0.3 s per hash: the burst lasts long enough to observe
            $0.auth.passwordConcurrency = 1
            $0.auth.passwordQueue = 1
            $0.server.workers = 2  // logins on the general pool would occupy all of it
        }
        let api = APIClient(port: app.port)
        let token = try api.register("burst@example.com", password: "burst pass word").access
        let finished = Mutex<[Int]>([])
        let body = #"{"email":"burst@example.com","password":"burst pass word"}"#
        let logins = (0..<5).map { _ in
            OSThreadHandle {
                let status = (try? api.post("/v1/auth/login", body).status) ?? -1
                finished.withLock { $0.append(status) }
            }
        }
        #expect(eventually { finished.withLock { $0.count } >= 3 }, "the excess is shed at once")
        let me = try api.get("/v1/auth/me", token: token)
        #expect(me.status == 200)
        #expect(finished.withLock { $0.filter { $0 == 200 }.count } == 0,
                "/v1/auth/me must be served while the first hash (~0.3 s) is still running")
        logins.forEach { $0.join() }
        let statuses = finished.withLock { $0 }
        // One hashing and one queued succeed; the rest are shed. On a starved machine the hashing thread may not
        // yet have taken the first login off the queue when the second arrives, so that one can be shed too.
        let served = statuses.filter { $0 == 200 }.count
        #expect((1...2).contains(served), "one hashing, at most one queued: \(statuses)")
        #expect(statuses.filter { $0 == 503 }.count == 5 - served, "\(statuses)")
        let shed = try api.post("/v1/auth/login", body)
        #expect(shed.status == 200, "after the burst, sign-ins work again")
    }
}
