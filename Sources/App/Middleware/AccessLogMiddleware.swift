import Observability
import Server
import Threading

/// One JSON log line per request: request id, method, route template, path (no query string: it may carry user
/// data), status, duration from head received to response ready, body bytes and peer.
package struct AccessLogMiddleware: Middleware {
    let logger: Logger

    /// Creates the middleware writing to `logger`.
    package init(logger: Logger) {
        self.logger = logger
    }

    package func handle(_ request: Request, next: Handler) throws -> Response {
        let response = try next(request)
        guard logger.isEnabled(.info) else { return response }
        let milliseconds = Double(MonotonicClock.now &- request.receivedAt) / 1e6
        let bytes: LogValue = response.body.count.map { .int($0) } ?? .string("stream")
        logger.info("request", [
            ("request_id", .string(request.id)),
            ("method", .string(request.method.description)),
            ("route", .string(request.route)),
            ("path", .string(String(request.path.prefix(256)))),
            ("status", .int(response.status.code)),
            ("duration_ms", .double((milliseconds * 1000).rounded() / 1000)),
            ("bytes", bytes),
            ("remote", .string(request.remoteAddress.host)),
        ])
        return response
    }
}

/// Request count and latency by method, route template and status (`ragd_http_*`). The route label is the template,
/// so any number of distinct 404 paths adds no series.
package struct MetricsMiddleware: Middleware {
    let metrics: HTTPMetrics

    /// Creates the middleware recording into `metrics`.
    package init(metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    package func handle(_ request: Request, next: Handler) throws -> Response {
        metrics.requestStarted()
        let response: Response
        do {
            response = try next(request)
        } catch {
            // The error middleware sits inside this one, so only a bug gets here; still count the request.
            record(request, status: 500)
            throw error
        }
        record(request, status: response.status.code)
        return response
    }

    private func record(_ request: Request, status: Int) {
        let seconds = Double(MonotonicClock.now &- request.receivedAt) / 1e9
        metrics.requestFinished(method: request.method.description, route: request.route, status: status,
                                durationSeconds: seconds)
    }
}
