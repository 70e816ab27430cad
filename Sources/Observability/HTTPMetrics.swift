/// The request metrics of the HTTP edge, labelled so that client input cannot create series: the route label is the
/// matched route template (`/v1/kbs/{id}/query`), never the raw path, with every unmatched request (404s, scanners)
/// under one `unmatched` value; unknown methods collapse to `OTHER`. The families' cardinality guard backs this up.
package final class HTTPMetrics: Sendable {
    /// The route label of a request that matched no route.
    package static let unmatchedRoute = "unmatched"
    /// The method label of a method outside `knownMethods`.
    package static let otherMethod = "OTHER"
    /// Methods kept as their own label value (RFC 9110 section 9 plus PATCH, RFC 5789).
    package static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]

    /// `ragd_http_requests_total{method,route,status}`.
    package let requests: CounterFamily
    /// `ragd_http_request_duration_seconds{method,route}`.
    package let duration: HistogramFamily
    /// `ragd_http_requests_in_flight`: requests read but not yet answered.
    package let inFlight: Gauge

    /// Registers (or finds) the HTTP families in `registry`.
    package init(registry: MetricsRegistry, buckets: [Double] = HistogramBuckets.httpSeconds) {
        requests = registry.counter(
            name: "ragd_http_requests_total", help: "HTTP requests answered, by method, route template and status.",
            labelNames: ["method", "route", "status"]
        )
        duration = registry.histogram(
            name: "ragd_http_request_duration_seconds", help: "HTTP request latency in seconds, by method and route template.",
            labelNames: ["method", "route"], buckets: buckets
        )
        inFlight = registry.gauge(name: "ragd_http_requests_in_flight", help: "HTTP requests being processed.").labels()
    }

    /// Counts a request as started.
    package func requestStarted() { inFlight.inc() }

    /// Counts an answered request: `route` is the matched template or nil when no route matched.
    package func requestFinished(method: String, route: String?, status: Int, durationSeconds: Double) {
        inFlight.dec()
        let methodLabel = Self.methodLabel(method)
        let routeLabel = route ?? Self.unmatchedRoute
        requests.labels(methodLabel, routeLabel, String(status)).inc()
        duration.labels(methodLabel, routeLabel).observe(durationSeconds)
    }

    /// `method` if it is a standard method, otherwise `OTHER` (methods are client-chosen tokens).
    package static func methodLabel(_ method: String) -> String { knownMethods.contains(method) ? method : otherMethod }
}
