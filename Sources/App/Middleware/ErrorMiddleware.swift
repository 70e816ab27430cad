import Observability
import Server

/// Turns every error into the API's error body: `{"error": {code, message, request_id, details?}}` with the error's
/// status. Errors that are not `HTTPError`s are bugs or infrastructure failures: they become a 500 that reveals
/// nothing (no SQL, no stack), and the real cause goes to the log under the same request id.
package struct ErrorMiddleware: Middleware {
    let logger: Logger

    /// Creates the middleware, logging unexpected errors to `logger`.
    package init(logger: Logger) {
        self.logger = logger
    }

    package func handle(_ request: Request, next: Handler) throws -> Response {
        do {
            return try next(request)
        } catch let error as HTTPError {
            return Self.response(for: error, requestID: request.id)
        } catch {
            logger.error("unhandled error", [
                ("request_id", .string(request.id)), ("route", .string(request.route)),
                ("error", .string(String(describing: error))),
            ])
            return Self.response(for: HTTPError(.internalServerError, code: "internal_error",
                                                message: "Something went wrong on our side."),
                                 requestID: request.id)
        }
    }

    /// The JSON error response for `error`.
    package static func response(for error: HTTPError, requestID: String) -> Response {
        let body = ErrorBody(error: .init(code: error.code, message: error.message, requestId: requestID,
                                          details: error.details.isEmpty ? nil : error.details))
        return JSONCoding.response(body, status: error.status, headers: error.headers)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
            let requestId: String
            let details: [String: String]?
        }

        let error: Detail
    }
}
