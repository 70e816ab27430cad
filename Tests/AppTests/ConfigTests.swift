@testable import App
import Server
import Testing

@Suite("Configuration: file, environment, flags")
struct ConfigTests {
    static let yamlPath = "configs/ragd.yaml"

    @Test func documentedFileEqualsTheEmbeddedDefaults() throws {
        let text = try TextFile.read(Self.yamlPath)
        let (fromFile, warnings) = try ConfigLoader.load(yaml: (text, Self.yamlPath), environment: [:], flags: [])
        #expect(warnings.isEmpty)
        let defaults = RagdConfig()
        for key in ConfigKey.all {
            #expect(key.value(in: fromFile) == key.value(in: defaults), "\(key.path) differs between file and code")
        }
    }

    @Test func everyKeyIsInTheFileWithACommentAbove() throws {
        let lines = try TextFile.read(Self.yamlPath).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let parsed = Set(try ConfigLoader.parseYAML(try TextFile.read(Self.yamlPath), source: "file").map(\.0))
        for key in ConfigKey.all {
            #expect(parsed.contains(key.path), "\(key.path) is not documented in configs/ragd.yaml")
            let leaf = String(key.path.split(separator: ".").last!)
            guard let index = lines.firstIndex(where: { $0.trimmingWhitespace.hasPrefix(leaf + ":") }) else { continue }
            #expect(index > 0 && lines[index - 1].trimmingWhitespace.hasPrefix("#"), "\(key.path) has no comment")
        }
        #expect(parsed.count == ConfigKey.all.count, "the file has keys the code does not know")
    }

    @Test func precedenceIsFileThenEnvironmentThenFlags() throws {
        let yaml = "server:\n  port: 9000\n  host: 0.0.0.0\nlog:\n  level: warn\n"
        let (config, _) = try ConfigLoader.load(
            yaml: (yaml, "test.yaml"),
            environment: ["RAGD_SERVER_PORT": "9100", "RAGD_LOG_LEVEL": "debug", "RAGD_LOG_ACCESS": "false", "PATH": "/bin"],
            flags: [("server.port", "9200")])
        #expect(config.server.port == 9200)
        #expect(config.server.host == "0.0.0.0")
        #expect(config.log.level == "debug")
        #expect(config.log.access == false)
    }

    @Test func nestedKeysMapToEnvironmentVariables() throws {
        let key = try #require(ConfigKey.all.first { $0.path == "server.timeouts.header_seconds" })
        #expect(key.environmentVariable == "RAGD_SERVER_TIMEOUTS_HEADER_SECONDS")
        let (config, _) = try ConfigLoader.load(yaml: nil, environment: ["RAGD_SERVER_TIMEOUTS_HEADER_SECONDS": "2.5",
                                                                         "RAGD_SERVER_LIMITS_BODY_BYTES": "2_000_000"],
                                                 flags: [])
        #expect(config.server.headerTimeout == 2.5)
        #expect(config.server.limits.maxBodyBytes == 2_000_000)
    }

    @Test func unknownEnvironmentVariablesAreWarnedAbout() throws {
        let (_, warnings) = try ConfigLoader.load(yaml: nil, environment: ["RAGD_SERVR_PORT": "1", "RAGD_MODEL_DIR": "/m"],
                                                  flags: [])
        #expect(warnings == ["unknown environment variable RAGD_SERVR_PORT ignored"])
    }

    @Test(arguments: [
        ("server:\n  prot: 80\n", "test.yaml: unknown key 'server.prot'"),
        ("sever:\n  port: 80\n", "test.yaml: unknown section 'sever'"),
        ("server:\n  port: eighty\n", "test.yaml: 'server.port' must be an integer in 0...65535, got 'eighty'"),
        ("server:\n  port: 70000\n", "test.yaml: 'server.port' must be an integer in 0...65535, got '70000'"),
        ("server: [1, 2]\n", "test.yaml: 'server' must be a single value"),
        ("log:\n  level: loud\n", "test.yaml: 'log.level' must be one of debug, info, warn, warning, error, got 'loud'"),
        ("log:\n  access: maybe\n", "test.yaml: 'log.access' must be true or false, got 'maybe'"),
        ("env: staging\n", "test.yaml: 'env' must be development or production, got 'staging'"),
        ("- a\n- b\n", "test.yaml: the top level must be a mapping of keys"),
        ("metrics:\n  auth_token: [x]\n", "test.yaml: 'metrics.auth_token' must be a single value"),
        ("server:\n  limits:\n    json_body_bytes: 2000\n    body_bytes: 1000\n",
         "server.limits.json_body_bytes cannot exceed server.limits.body_bytes"),
    ])
    func badFilesNameTheKeyAndTheProblem(yaml: String, message: String) {
        #expect(throws: ConfigError(description: message)) {
            try ConfigLoader.load(yaml: (yaml, "test.yaml"), environment: [:], flags: [])
        }
    }

    @Test func duplicateKeysAreRejected() throws {
        do {
            _ = try ConfigLoader.load(yaml: ("server:\n  port: 1\n  port: 2\n", "dup.yaml"), environment: [:], flags: [])
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.description.hasPrefix("dup.yaml: not valid YAML"))
            #expect(error.description.contains("'port'"))
        }
    }

    @Test func malformedYAMLIsReported() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(yaml: ("server: {port: [", "bad.yaml"), environment: [:], flags: [])
        }
    }

    @Test func secretsAreNotEchoedInErrors() throws {
        do {
            _ = try ConfigLoader.load(yaml: nil, environment: [:], flags: [("metrics.auth_token", "s3cret")])
        } catch {
            Issue.record("a text key accepts any value: \(error)")
        }
        let secretKey = try #require(ConfigKey.all.first { $0.path == "metrics.auth_token" })
        #expect(secretKey.secret)
        #expect(throws: ConfigError(description: "environment variable RAGD_SERVER_PORT: 'server.port' must be an integer in 0...65535, got 'x'")) {
            try ConfigLoader.load(yaml: nil, environment: ["RAGD_SERVER_PORT": "x"], flags: [])
        }
    }

    @Test func booleansAcceptCommonSpellings() throws {
        for (text, value) in [("yes", true), ("On", true), ("1", true), ("false", false), ("NO", false), ("off", false)] {
            let (config, _) = try ConfigLoader.load(yaml: nil, environment: ["RAGD_LOG_ACCESS": text], flags: [])
            #expect(config.log.access == value)
        }
    }

    @Test func emptyFileMeansDefaults() throws {
        let (config, _) = try ConfigLoader.load(yaml: ("# only comments\n", "empty.yaml"), environment: [:], flags: [])
        #expect(config.server.port == 8080)
    }
}
