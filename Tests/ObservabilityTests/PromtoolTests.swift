import TestSupport
import Testing
@testable import Observability

/// Runs Prometheus's own linter over a registry holding every kind of family ragd exports.
@Suite struct PromtoolTests {
    static let promtool = "/usr/bin/promtool"

    @Test(.enabled(if: Subprocess.isExecutable(promtool)))
    func promtoolAcceptsTheExposition() {
        let registry = MetricsRegistry(maxSeriesPerFamily: 3)
        let http = HTTPMetrics(registry: registry)
        for (method, route, status) in [
            ("GET", "/v1/kbs/{id}/query", 200), ("POST", "/v1/kbs/{id}/documents", 202), ("GET", nil, 404),
            ("BREW", "/v1/health", 405), ("GET", "/weird \"quoted\\\" \n route", 200),
        ] as [(String, String?, Int)] {
            http.requestStarted()
            http.requestFinished(method: method, route: route, status: status, durationSeconds: 0.0123)
        }
        http.requestStarted()
        registry.gauge(name: "ragd_http_connections_open", help: "Open client connections.").labels().set(3)
        registry.counter(name: "ragd_http_connections_accepted_total", help: "Accepted connections.").labels().inc(by: 10)
        _ = registry.counter(name: "ragd_http_connections_rejected_total", help: "Connections refused at the limit.")
        registry.gaugeFunction(name: "ragd_worker_pool_queue_depth", help: "Jobs waiting for a worker.") { 2 }
        _ = registry.counter(name: "ragd_worker_pool_rejected_total", help: "Jobs refused with 503.", labelNames: ["pool"])
        registry.gauge(name: "ragd_ready", help: "1 when ragd serves traffic.").labels().set(1)
        registry.gauge(name: "ragd_build_info", help: "Build version.", labelNames: ["version"]).labels("0.1.0").set(1)
        registry.gauge(name: "ragd_index_vectors", help: "Unusual values.", labelNames: ["kb"]).labels("x").set(.nan)
        registry.gauge(name: "ragd_index_vectors", help: "Unusual values.", labelNames: ["kb"]).labels("y").set(-.infinity)
        registry.register {
            [.gauge(name: "ragd_ingest_jobs_running", help: "Ingest jobs in progress.", value: 1)]
        }
        ProcessMetrics.register(in: registry)

        let text = registry.render()
        #expect(text.contains("_overflow"))
        #expect(text.contains("process_open_fds "))
        let result = Subprocess.run(Self.promtool, ["check", "metrics"], input: Array(text.utf8))
        #expect(result.status == 0, "\(result.output)\n\(text)")
        #expect(result.output.isEmpty, "\(result.output)")
    }
}
