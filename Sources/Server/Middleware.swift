/// Answers a request; may throw (an `HTTPError` carries its status, anything else becomes a 500 in the error
/// middleware).
package typealias Handler = @Sendable (Request) throws -> Response

/// Wraps request handling: do something before, after, or instead of `next` (Hummingbird's `handle(_:next:)`).
/// Middleware runs where the handler runs — on the event loop for inline routes — so it must never block.
package protocol Middleware: Sendable {
    /// Handles `request`, usually by calling `next`.
    func handle(_ request: Request, next: Handler) throws -> Response
}

/// An ordered list of middleware, outermost first.
package struct MiddlewareChain: Sendable {
    private let middleware: [any Middleware]

    /// A chain running `middleware` in order around each handler.
    package init(_ middleware: [any Middleware]) {
        self.middleware = middleware
    }

    /// `handler` wrapped by every middleware; built once per route at start-up, not per request.
    package func wrap(_ handler: @escaping Handler) -> Handler {
        middleware.reversed().reduce(handler) { next, layer in
            { request in try layer.handle(request, next: next) }
        }
    }
}

/// Echoes a client's `X-Request-Id` when it is safe (≤ 128 of `A-Z a-z 0-9 - _ . : + = / ~ @`), generates one
/// otherwise, stores it on the request and sets it on the response.
package struct RequestIDMiddleware: Middleware {
    private let generator = RequestIDGenerator()

    /// Creates the middleware.
    package init() {}

    package func handle(_ request: Request, next: Handler) throws -> Response {
        var request = request
        let supplied = request.header("X-Request-Id")
        request.id = supplied.flatMap { Self.isSafe($0) ? $0 : nil } ?? generator.next()
        var response = try next(request)
        response.headers.set("X-Request-Id", request.id)
        return response
    }

    /// Whether a client-supplied id may be echoed into logs and headers unchanged.
    package static func isSafe(_ id: String) -> Bool {
        let bytes = id.utf8
        return !bytes.isEmpty && bytes.count <= 128 && bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                Array("-_.:+=/~@".utf8).contains(byte)
            }
        }
    }
}
