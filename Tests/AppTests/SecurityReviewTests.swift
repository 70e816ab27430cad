#if canImport(Glibc)
import Glibc
#endif
@testable import App
import HTTP
import Server
import Store
import Synchronization
import TestSupport
import Testing

/// Regression tests for the findings of the security review of the account code.
@Suite("Security review findings", .serialized)
struct SecurityReviewTests {
    /// H1: a login whose password check overlaps a disable must not mint a session from the stale read.
    @Test func loginRacingADisableFails() throws {
        let app = try RunningApp {
            $0.auth.passwordMemoryKiB = 19_456
            $0.auth.passwordIterations = 24  // ~0.3 s per hash: a window to act in
            $0.auth.passwordConcurrency = 2
        }
        let api = APIClient(port: app.port)
        let owner = try api.register("owner@race.example", password: "owner pass word")
        let created = try api.post("/v1/users", #"{"email":"victim@race.example","password":"victim pass word","role":"admin"}"#,
                                   token: owner.access)
        let victimID = try #require(created.string("id"))
        let result = Mutex<Int>(0)
        let login = OSThreadHandle {
            let reply = try? api.post("/v1/auth/login", #"{"email":"victim@race.example","password":"victim pass word"}"#)
            result.withLock { $0 = reply?.status ?? -1 }
        }
        usleepMillis(100)  // the login is hashing now
        #expect(try api.send("PATCH", "/v1/users/\(victimID)", token: owner.access, json: #"{"disabled":true}"#).status == 200)
        login.join()
        #expect(result.withLock { $0 } == 401, "the login saw the account before it was disabled")
    }

    /// H2: a removed user's access token stays dead after a restart.
    @Test func deletedUsersTokensStayRevokedAcrossRestarts() throws {
        let directory = TemporaryDirectory(prefix: "ragd-restart")
        defer { directory.remove() }
        var token = ""
        var ownerToken = ""
        do {
            let app = try RunningApp { $0.dataDirectory = directory.path + "/data" }
            let api = APIClient(port: app.port)
            let owner = try api.register("o@restart.example")
            let created = try api.post("/v1/users", #"{"email":"gone@restart.example","password":"pass word 1","role":"admin"}"#,
                                       token: owner.access)
            token = try api.login("gone@restart.example", password: "pass word 1").access
            ownerToken = owner.access
            #expect(try api.send("DELETE", "/v1/users/\(try #require(created.string("id")))", token: owner.access).status == 204)
            #expect(try api.get("/v1/users", token: token).status == 401)
        }
        let restarted = try RunningApp { $0.dataDirectory = directory.path + "/data" }
        let api = APIClient(port: restarted.port)
        #expect(try api.get("/v1/users", token: token).status == 401)
        #expect(try api.get("/v1/users", token: ownerToken).status == 200)
    }

    /// M1: with two X-Forwarded-For lines (a proxy appending its own), the proxy's line is the one believed.
    @Test func everyForwardedForLineCounts() {
        let proxies = TrustedProxies("127.0.0.1")
        var headers = HTTPHeaders()
        headers.add("X-Forwarded-For", "6.6.6.6")        // written by the client
        headers.add("X-Forwarded-For", "203.0.113.9")    // appended by the proxy
        let request = Request(head: HTTPRequestHead(method: .get, target: "/", version: .http1_1, headers: headers,
                                                    framing: .none, keepAlive: true, expectsContinue: false),
                              route: "/", remoteAddress: SocketAddress(host: "127.0.0.1", port: 1), receivedAt: 0)
        #expect(proxies.clientAddress(of: request) == "203.0.113.9")
        let direct = Request(head: request.head, route: "/", remoteAddress: SocketAddress(host: "198.51.100.1", port: 1),
                             receivedAt: 0)
        #expect(TrustedProxies("127.0.0.1").clientAddress(of: direct) == "198.51.100.1", "untrusted peers are the client")
        #expect(TrustedProxies("").clientAddress(of: request) == "127.0.0.1", "no proxies configured: the header is ignored")
    }

    /// M2: IPv6 clients are counted per /64.
    @Test func ipv6LimitsCountTheNetwork() {
        #expect(TrustedProxies.limitKey(for: "2001:db8:1:2:aaaa::1") == TrustedProxies.limitKey(for: "2001:db8:1:2:ffff:1:2:3"))
        #expect(TrustedProxies.limitKey(for: "2001:db8:1:2::1") != TrustedProxies.limitKey(for: "2001:db8:1:3::1"))
        #expect(TrustedProxies.limitKey(for: "203.0.113.5") == "203.0.113.5")
        #expect(TrustedProxies.limitKey(for: "::ffff:203.0.113.5") == TrustedProxies.limitKey(for: "::ffff:203.0.113.5"))
    }

    /// M3: a body nobody asked for is refused early, not buffered.
    @Test func unexpectedBodiesAreSmall() throws {
        let app = try RunningApp()
        let client = try app.client()
        try client.send("GET /v1/auth/me HTTP/1.1\r\nHost: t\r\nContent-Length: \(8 * 1024 * 1024)\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        let other = try app.client()
        try other.send("POST /nope HTTP/1.1\r\nHost: t\r\nContent-Length: \(1024 * 1024)\r\n\r\n")
        #expect(try other.readResponse().status == 413)
    }

    /// M4 and L2: admin keys manage keys but cannot create users.
    @Test func adminKeysManageKeysButCannotCreateUsers() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let owner = try api.register("o@keys.example")
        let adminKey = try api.createKey(token: owner.access, scopes: ["admin"])
        let readKey = try api.createKey(token: owner.access, scopes: ["read"])
        let create = try api.post("/v1/users", #"{"email":"new@keys.example","password":"pass word 1","role":"admin"}"#,
                                  apiKey: adminKey.key)
        #expect(create.status == 403)
        let listed = try api.get("/v1/api-keys", apiKey: adminKey.key)
        #expect(listed.status == 200 && listed.text.contains(readKey.id))
        #expect(try api.send("DELETE", "/v1/api-keys/\(readKey.id)", apiKey: adminKey.key).status == 204)
        #expect(try api.get("/v1/auth/me", apiKey: readKey.key).status == 401)
    }

    /// M7: an organization's keys share one budget, and key counts are capped.
    @Test func organizationsShareABudget() throws {
        let app = try RunningApp {
            $0.rateLimits.freePerMinute = 60
            $0.rateLimits.freeBurst = 4
            $0.rateLimits.organizationMultiplier = 2
            $0.auth.maxAPIKeysPerUser = 3
        }
        let api = APIClient(port: app.port)
        let owner = try api.register("o@budget.example")
        let keys = try (0..<3).map { _ in try api.createKey(token: owner.access, scopes: ["read"]).key }
        #expect(try api.post("/v1/api-keys", #"{"name":"k","scopes":["read"]}"#, token: owner.access).errorCode == "too_many_api_keys")
        var allowed = 0
        for round in 0..<9 {
            if try api.get("/v1/auth/me", apiKey: keys[round % 3]).status == 200 { allowed += 1 }
        }
        // The owner used 4 requests; together everyone may use 2 × 4 = 8 in a burst.
        #expect(allowed == 4, "the organization's shared bucket caps all keys together (allowed \(allowed))")
    }

    /// L3: an over-long password is a counted wrong password, not a server error.
    @Test func overlongPasswordsAreWrongPasswords() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        _ = try api.register("long@example.com")
        let long = String(repeating: "é", count: 1100)  // 2,200 bytes, 1,100 characters
        let reply = try api.post("/v1/auth/login", #"{"email":"long@example.com","password":"\#(long)"}"#)
        #expect(reply.status == 401 && reply.errorCode == "invalid_credentials")
    }

    /// L4: keys must be random data in hex or base64, in a file nobody else may write.
    @Test func secretsAreStrict() throws {
        let directory = TemporaryDirectory(prefix: "ragd-secrets")
        defer { directory.remove() }
        #expect(throws: Secrets.Problem.self) {
            try Secrets.decode("correct horse battery staple is a passphrase!!", for: .tokenSigning, source: "t")
        }
        let keyFile = directory.path + "/key"
        _ = Subprocess.run("/bin/sh", ["-c", "printf '%064d' 7 > \(keyFile) && chmod 666 \(keyFile)"], input: [])
        var config = RagdConfig()
        config.auth.tokenSigningKeyFile = keyFile
        #expect(throws: Secrets.Problem.self) { try Secrets.load(.tokenSigning, config: config, environment: [:]) }
        _ = Subprocess.run("/bin/chmod", ["600", keyFile], input: [])
        #expect(try Secrets.load(.tokenSigning, config: config, environment: [:]).count == 32)
        _ = Subprocess.run("/bin/ln", ["-s", keyFile, directory.path + "/link"], input: [])
        config.auth.tokenSigningKeyFile = directory.path + "/link"
        #expect(throws: Secrets.Problem.self) { try Secrets.load(.tokenSigning, config: config, environment: [:]) }
        // The development directory must not be a symlink someone planted.
        _ = Subprocess.run("/bin/mkdir", ["-p", directory.path + "/elsewhere", directory.path + "/data"], input: [])
        _ = Subprocess.run("/bin/ln", ["-s", directory.path + "/elsewhere", directory.path + "/data/secrets"], input: [])
        var development = RagdConfig()
        development.dataDirectory = directory.path + "/data"
        #expect(throws: Secrets.Problem.self) { try Secrets.load(.tokenSigning, config: development, environment: [:]) }
    }

    /// L6: token and key responses are never cached.
    @Test func apiResponsesAreNotCached() throws {
        let app = try RunningApp()
        let api = APIClient(port: app.port)
        let registered = try api.post("/v1/auth/register", #"{"email":"c@cache.example","password":"correct horse battery"}"#)
        #expect(registered.header("Cache-Control") == "no-store")
        let token = try #require(registered.string("access_token"))
        #expect(try api.post("/v1/api-keys", #"{"name":"k","scopes":["read"]}"#, token: token).header("Cache-Control") == "no-store")
    }

    /// L8: expired tokens, sessions and old revocations are pruned.
    @Test func housekeepingPrunesWhatCannotMatter() throws {
        let database = try Database(.init(location: .memory, migrations: Schema.migrations))
        defer { database.close() }
        let org = OrgID("org_p")
        try database.write { db in
            try OrganizationRepository.insert(.init(id: "org_p", name: "P", tier: "free", createdAt: 0), on: db)
            try UserRepository.insert(.init(id: "usr_p", orgID: "org_p", email: "p@p", name: "", role: "owner",
                                            passwordHash: "x", disabled: false, createdAt: 0, updatedAt: 0), in: org, on: db)
            try SessionRepository.insert(.init(id: "ses_old", orgID: "org_p", userID: "usr_p", createdAt: 0, expiresAt: 10),
                                         in: org, on: db)
            try SessionRepository.insert(.init(id: "ses_new", orgID: "org_p", userID: "usr_p", createdAt: 0, expiresAt: 10_000),
                                         in: org, on: db)
            try SessionRepository.insertRefreshToken(.init(tokenHash: "h1", sessionID: "ses_new", orgID: "org_p",
                                                           createdAt: 0, expiresAt: 10), in: org, on: db)
            _ = try SessionRepository.revoke("ses_new", in: org, reason: "test", now: 5, on: db)
        }
        let removed = try database.write { try Maintenance.prune(expiredBefore: 100, revokedBefore: 6, on: $0) }
        #expect(removed == 3)  // the expired session, the expired refresh token, the old revocation
        let remaining: [String] = try database.read { try $0.query("SELECT id FROM sessions") { try $0.get(0) } }
        #expect(remaining == ["ses_new"])
    }
}
