@testable import App
import Observability
import TestSupport

/// An `Application` on a free port with a temporary data directory and an in-memory log.
final class RunningApp {
    let application: Application
    let port: Int
    let logs = MemoryLogSink()
    let dataDirectory = TemporaryDirectory(prefix: "ragd-app")

    init(configure: (inout RagdConfig) -> Void = { _ in }) throws {
        var config = RagdConfig()
        config.server.port = 0
        config.server.eventLoops = 2
        config.server.workers = 2
        config.dataDirectory = dataDirectory.path + "/data"
        configure(&config)
        application = Application(config: config, logSink: logs)
        port = try application.start().port
    }

    func client() throws -> TestClient { try TestClient(port: port) }

    deinit {
        application.shutdown()
        dataDirectory.remove()
    }
}
