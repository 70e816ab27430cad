import App
import ArgumentParser
import CLinux
import Observability
import Threading

#if canImport(Glibc)
import Glibc
#endif

/// `ragd serve`: run the server until SIGTERM or SIGINT, then drain and exit 0.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server.",
        discussion: """
            Logs JSON lines on stdout; the line with "msg":"listening" carries the bound address. On SIGTERM or SIGINT \
            /ready turns 503, new connections are refused and in-flight requests finish within \
            server.shutdown_grace_seconds; a second signal exits at once.
            """
    )

    @Option(help: "Address to bind (server.host).")
    var host: String?

    @Option(help: "Port to bind; 0 picks a free one (server.port).")
    var port: Int?

    @OptionGroup var common: CommonOptions

    @Option(help: "Worker threads for blocking requests; 0 = two per core (server.workers).")
    var workers: Int?

    @Option(name: .customLong("event-loops"), help: "Event-loop threads; 0 = one per core (server.event_loops).")
    var eventLoops: Int?

    func run() throws {
        // Before any thread exists, so every thread inherits the mask and only sigwait below sees the signals.
        ragd_block_shutdown_signals()
        // Everything ragd writes (database, secrets, snapshots, backups) is private to its user.
        umask(0o077)
        // A fixed mmap threshold (glibc's initial 128 KiB). By default glibc raises it to the size of each large
        // block freed, up to 32 MiB, and later blocks of that size come from the heap arenas, whose freed pages stay
        // resident: serving SciFact under wrk, RSS grew from 187 to 290 MB with the default and from 167 to
        // 178 MB with this, at the same queries per second.
        mallopt(M_MMAP_THRESHOLD, 128 << 10)
        var flags: [(path: String, value: String)] = []
        if let host { flags.append(("server.host", host)) }
        if let port { flags.append(("server.port", String(port))) }
        if let workers { flags.append(("server.workers", String(workers))) }
        if let eventLoops { flags.append(("server.event_loops", String(eventLoops))) }
        let loaded = try common.load(extraFlags: flags)
        let sink = StandardOutputSink()
        let application = Application(config: loaded.config, logSink: sink, environment: ProcessEnvironment.current)
        for warning in loaded.warnings { application.logger.warn(warning) }
        do {
            try application.start()
        } catch {
            application.logger.error("start-up failed", [("error", .string(String(describing: error)))])
            sink.shutdown()
            throw ExitCode(1)
        }
        let signal = ragd_wait_shutdown_signal()
        application.logger.info("shutdown requested", [("signal", .int(Int(signal)))])
        // A second signal while draining means "now".
        _ = OSThread.spawn(name: "ragd-signals") {
            let second = ragd_wait_shutdown_signal()
            application.logger.warn("second signal: exiting without draining", [("signal", .int(Int(second)))])
            sink.flush()
            _exit(1)
        }
        let drained = application.shutdown()
        if !drained { application.logger.warn("grace period ended with requests still in flight") }
        sink.shutdown()
    }
}
