import Observability
import Retrieval

/// Query metrics: how long queries take per mode, how many chunks they return, and how the query cache does.
struct QueryMetrics: Sendable {
    private let duration: HistogramFamily
    private let results: HistogramFamily
    private let queries: CounterFamily
    private let cacheLookups: CounterFamily

    /// Buckets from 1 ms to 2.5 s: retrieval lives in the low milliseconds; the top catches a cold index load.
    static let durationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    init(registry: MetricsRegistry) {
        duration = registry.histogram(name: "ragd_query_duration_seconds",
                                      help: "Time to answer a query (retrieval, and generation when asked), by mode.",
                                      labelNames: ["mode"], buckets: Self.durationBuckets)
        results = registry.histogram(name: "ragd_query_results", help: "Chunks returned per query.",
                                     buckets: [0, 1, 3, 5, 10, 20, 50, 100])
        queries = registry.counter(name: "ragd_queries_total", help: "Queries answered, by mode.", labelNames: ["mode"])
        cacheLookups = registry.counter(name: "ragd_query_cache_lookups_total",
                                        help: "Query cache lookups by result: exact or semantic hits, and misses. "
                                            + "Hit rate = hits / all lookups.",
                                        labelNames: ["result"])
    }

    func observe(mode: RetrievalMode, seconds: Double, hits: Int) {
        duration.labels(mode.rawValue).observe(seconds)
        results.labels().observe(Double(hits))
        queries.labels(mode.rawValue).inc()
    }

    /// Counts one lookup (`exact`, `semantic` or `miss`); queries that skip the cache are not lookups.
    func observeCache(_ result: String) {
        cacheLookups.labels(result).inc()
    }
}
