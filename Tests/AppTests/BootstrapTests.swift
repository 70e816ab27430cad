#if canImport(Glibc)
import Glibc
#endif
@testable import App
import Auth
import Observability
import TestSupport
import Testing
import Crypto

@Suite("Bootstrap and secrets", .serialized)
struct BootstrapTests {
    @Test func environmentCreatesTheFirstOwnerOnce() throws {
        let secrets = TemporaryDirectory(prefix: "ragd-boot")
        defer { secrets.remove() }
        _ = Subprocess.run("/bin/sh", ["-c", "printf 'owner pass word\\n' > \(secrets.path)/pw"], input: [])
        let environment = ["RAGD_BOOTSTRAP_OWNER_EMAIL": "Boss@Example.com",
                           "RAGD_BOOTSTRAP_OWNER_PASSWORD_FILE": secrets.path + "/pw", "RAGD_BOOTSTRAP_ORG": "Initech"]
        let app = try RunningApp(environment: environment) { $0.auth.allowSignup = "false" }
        let api = APIClient(port: app.port)
        let owner = try api.login("boss@example.com", password: "owner pass word")
        let me = try api.get("/v1/auth/me", token: owner.access)
        #expect(me.string("role") == "owner" && me.string("org.name") == "Initech")
        #expect(app.logs.lines.contains { $0.contains("bootstrap owner created") })
    }

    @Test func productionRefusesToStartWithoutItsKeys() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var config = RagdConfig()
        config.environment = .production
        config.server.port = 0
        config.dataDirectory = directory.path
        let application = Application(config: config, logSink: MemoryLogSink())
        #expect(throws: Secrets.Problem.self) { try application.start() }
        let short = Application(config: config, logSink: MemoryLogSink(), environment: ["RAGD_TOKEN_SIGNING_KEY": "too-short"])
        #expect(throws: Secrets.Problem.self) { try short.start() }
        let signing = ["RAGD_TOKEN_SIGNING_KEY": String(repeating: "ab", count: 32)]
        let noEncryption = Application(config: config, logSink: MemoryLogSink(), environment: signing)
        do {
            try noEncryption.start()
            Issue.record("production started without an encryption key")
        } catch let problem as Secrets.Problem {
            #expect(problem.description.contains("RAGD_ENCRYPTION_KEY"))
        }
        let good = Application(config: config, logSink: MemoryLogSink(),
                               environment: signing.merging(["RAGD_ENCRYPTION_KEY": String(repeating: "cd", count: 32)]) { $1 })
        try good.start()
        good.shutdown()
        #expect(access(directory.path + "/secrets/encryption.key", F_OK) != 0, "production never generates keys")
    }

    @Test func developmentKeyIsGeneratedPrivateAndReused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var config = RagdConfig()
        config.dataDirectory = directory.path
        let first = try Secrets.load(.tokenSigning, config: config, environment: [:])
        let second = try Secrets.load(.tokenSigning, config: config, environment: [:])
        #expect(first == second && first.count == 32)
        let mode = Subprocess.run("/usr/bin/stat", ["-c", "%a", directory.path + "/secrets/token_signing.key"], input: [])
        #expect(mode.output.trimmingWhitespace == "600")
    }

    @Test func signingKeyFormats() throws {
        #expect(try Secrets.decode(String(repeating: "0f", count: 32), for: .tokenSigning, source: "t")
            == [UInt8](repeating: 15, count: 32))
        #expect(try Secrets.decode(Base64URL.encode([UInt8](repeating: 7, count: 40)), for: .tokenSigning, source: "t").count == 40)
        #expect(throws: Secrets.Problem.self) { try Secrets.decode("short", for: .tokenSigning, source: "t") }
        #expect(try Secrets.decode(String(repeating: "ab", count: 32), for: .encryption, source: "t").count == 32)
        #expect(throws: Secrets.Problem.self) {
            try Secrets.decode(String(repeating: "ab", count: 40), for: .encryption, source: "t")
        }
    }

    @Test func permissionMatrixInTheREADMEIsCurrent() throws {
        let readme = try TextFile.read("README.md")
        #expect(readme.contains(PermissionMatrix.markdownTable.trimmingWhitespace),
                "README's permission matrix differs from PermissionMatrix.markdownTable")
    }
}
