import JSON
import Auth
import Observability
import Server
import Crypto

/// `/health`, `/ready`, `/metrics` and `/openapi.json`: unversioned, unauthenticated (except /metrics when a token is
/// configured), answered on the event loop because they never block.
enum OperationsEndpoints {
    static func make(readiness: Readiness, registry: MetricsRegistry, metricsToken: String,
                     openAPI: @escaping @Sendable () -> [UInt8]) -> [Endpoint] {
        let healthBody = Array(#"{"status":"ok"}"#.utf8)
        let readyBody = Array(#"{"status":"ready"}"#.utf8)
        let statusSchema: JSONValue = ["type": "object", "required": ["status"],
                                       "properties": ["status": ["type": "string"]]]
        return [
            Endpoint(.get, "/health", operationID: "health", summary: "Liveness: 200 while the process serves.",
                     tag: "operations", execution: .inline,
                     responses: [.init(200, "The process is alive.", schema: statusSchema)],
                     authenticated: false) { _ in
                Response(status: .ok, contentType: JSONCoding.contentType, bytes: healthBody)
            },
            Endpoint(.get, "/ready", operationID: "ready",
                     summary: "Readiness: 200 when the database is open and indexes are loaded; 503 while starting or draining.",
                     tag: "operations", execution: .inline,
                     responses: [.init(200, "Ready for traffic.", schema: statusSchema),
                                 .init(503, "Starting or draining.", schema: ["$ref": "#/components/schemas/Error"])],
                     authenticated: false) { _ in
                switch readiness.state {
                case .ready:
                    return Response(status: .ok, contentType: JSONCoding.contentType, bytes: readyBody)
                case .starting:
                    throw HTTPError(.serviceUnavailable, code: "starting", message: "The server is starting.",
                                    headers: ["Retry-After": "1"])
                case .draining:
                    throw HTTPError(.serviceUnavailable, code: "draining", message: "The server is shutting down.")
                }
            },
            Endpoint(.get, "/metrics", operationID: "metrics", summary: "Prometheus text exposition 0.0.4.",
                     tag: "operations", execution: .inline,
                     responses: [.init(200, "Metrics.", schema: ["type": "string"], contentType: "text/plain")],
                     authenticated: false) { request in
                if !metricsToken.isEmpty {
                    let supplied = request.header("Authorization") ?? ""
                    guard ConstantTime.equals(Array(supplied.utf8), Array("Bearer \(metricsToken)".utf8)) else {
                        throw HTTPError(.unauthorized, code: "unauthorized", message: "Metrics need a bearer token.",
                                        headers: ["WWW-Authenticate": "Bearer"])
                    }
                }
                return Response(status: .ok, contentType: PrometheusText.contentType, bytes: registry.renderBytes())
            },
            Endpoint(.get, "/openapi.json", operationID: "openapi", summary: "This API's OpenAPI 3.1 description.",
                     tag: "operations", execution: .inline,
                     responses: [.init(200, "The OpenAPI document.", schema: ["type": "object"])],
                     authenticated: false) { _ in
                Response(status: .ok, contentType: JSONCoding.contentType, bytes: openAPI())
            },
        ]
    }
}
