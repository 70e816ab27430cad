import Observability
import Server

/// Exposes the HTTP server's own state — connections and the worker pool — sampled at scrape time.
enum ServerMetrics {
    static func register(_ server: HTTPServer, in registry: MetricsRegistry) {
        let stats = server.stats
        let pool = server.workerPool
        let maxConnections = Double(server.configuration.maxConnections)
        registry.gaugeFunction(name: "ragd_http_connections_open", help: "Open client connections.") {
            Double(stats.openConnections)
        }
        registry.gaugeFunction(name: "ragd_http_connections_max", help: "The configured connection limit.") {
            maxConnections
        }
        registry.counterFunction(name: "ragd_http_connections_accepted_total", help: "Connections accepted.") {
            Double(stats.acceptedConnections)
        }
        registry.counterFunction(name: "ragd_http_connections_rejected_total",
                                 help: "Connections refused because the connection limit was reached.") {
            Double(stats.rejectedConnections)
        }
        registry.gaugeFunction(name: "ragd_worker_pool_threads", help: "Worker threads for blocking handlers.") {
            Double(pool.threadCount)
        }
        registry.gaugeFunction(name: "ragd_worker_pool_busy_threads", help: "Worker threads running a job.") {
            Double(pool.busyThreads)
        }
        registry.gaugeFunction(name: "ragd_worker_pool_queue_depth", help: "Jobs waiting for a worker thread.") {
            Double(pool.queueDepth)
        }
        registry.counterFunction(name: "ragd_worker_pool_rejected_total",
                                 help: "Requests answered 503 because the worker queue was full.") {
            Double(pool.rejected)
        }
    }
}
