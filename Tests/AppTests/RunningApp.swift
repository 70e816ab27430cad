@testable import App
import Auth
import Observability
import TestSupport

/// An `Application` on a free port with a temporary data directory, an in-memory log and a manual clock. Password
/// hashing is made cheap (1 MiB, 1 pass) unless a test configures otherwise.
final class RunningApp {
    let application: Application
    let port: Int
    let logs = MemoryLogSink()
    let clock: ManualClock
    let dataDirectory = TemporaryDirectory(prefix: "ragd-app")

    init(environment: [String: String] = [:], clock: ManualClock = ManualClock(),
         configure: (inout RagdConfig) -> Void = { _ in },
         statementObserver: (@Sendable (String) -> Void)? = nil) throws {
        var config = RagdConfig()
        config.server.port = 0
        config.server.eventLoops = 2
        config.server.workers = 4
        config.dataDirectory = dataDirectory.path + "/data"
        config.auth.passwordMemoryKiB = 1024
        config.auth.passwordIterations = 1
        config.rateLimits.unauthenticatedPerMinute = 100_000
        config.rateLimits.unauthenticatedBurst = 100_000
        // Tests that exercise the limiter set their own; the rest (bulk ingestion, polling) must not hit it.
        config.rateLimits.freePerMinute = 1_000_000
        config.rateLimits.freeBurst = 1_000_000
        // Debug builds run the MiniLM model ~50× slower than release: API tests use the hash embedder unless they
        // configure the local model themselves.
        config.knowledgeBaseDefaults.embeddingProvider = "hash"
        config.knowledgeBaseDefaults.embeddingModel = "hash-384"
        config.embedding.modelDirectory = SharedData.modelDirectory
        configure(&config)
        self.clock = clock
        application = Application(config: config, logSink: logs, environment: environment, clock: clock,
                                  statementObserver: statementObserver)
        port = try application.start().port
    }

    func client() throws -> TestClient { try TestClient(port: port) }

    deinit {
        application.shutdown()
        dataDirectory.remove()
    }
}
