#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Synchronization

/// Something worth logging that happened inside the server; the application decides how to report it.
package enum ServerDiagnostic: Sendable {
    /// accept(2) failed (e.g. out of descriptors); accepting pauses until the next timer tick.
    case acceptFailed(IOError)
    /// A connection was refused because `maxConnections` were open.
    case connectionRejected(SocketAddress)
    /// An error escaped every middleware (no error middleware installed, or it threw).
    case unhandledError(String)
    /// A stream producer threw something other than `StreamCancelled`.
    case streamFailed(String)
}

/// What every event loop of one server shares: configuration, the routed and wrapped handlers, the worker pool,
/// counters and the draining flag. Immutable after start except for the atomics.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let chain: MiddlewareChain
    let workerPool: WorkerPool
    let stats: ServerStats
    let diagnostics: @Sendable (ServerDiagnostic) -> Void
    private let draining = Atomic<Bool>(false)
    /// The `Date` field for responses that workers write themselves (each loop keeps its own for the rest).
    private let workerDate = Mutex(DateCache())

    init(configuration: ServerConfiguration, router: Router, chain: MiddlewareChain, workerPool: WorkerPool,
         stats: ServerStats, diagnostics: @escaping @Sendable (ServerDiagnostic) -> Void) {
        self.configuration = configuration
        self.router = router.mapHandlers(chain.wrap)
        self.chain = chain
        self.workerPool = workerPool
        self.stats = stats
        self.diagnostics = diagnostics
    }

    var isDraining: Bool { draining.load(ordering: .relaxed) }

    func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// The current `Date` field value; safe from any thread.
    func currentDate() -> [UInt8] {
        workerDate.withLock { cache in
            cache.refresh()
            return cache.bytes
        }
    }

    /// Runs a (wrapped) handler; an error that escapes every middleware still becomes a well-formed response.
    func run(_ handler: Handler, _ request: Request) -> Response {
        // An upload's temporary file lives exactly as long as its handler.
        defer { if let file = request.bodyFile { unlink(file) } }
        do {
            return try handler(request)
        } catch {
            diagnostics(.unhandledError(String(describing: error)))
            return FallbackResponse.make(for: error, requestID: request.id)
        }
    }

    /// Runs a route's admission check; the response refusing the request, or nil to read its body.
    func admit(_ admission: Admission, _ request: Request) -> Response? {
        do {
            try admission(request)
            return nil
        } catch let error as HTTPError {
            return respond(to: request, with: error)
        } catch {
            diagnostics(.unhandledError(String(describing: error)))
            return respond(to: request, with: HTTPError(.internalServerError, code: "internal_error",
                                                        message: "Internal server error."))
        }
    }

    /// Answers `request` with `error`, passing through the middleware so ids, logs, metrics and the JSON error shape
    /// apply to server-made errors (404, 405, 408, 413, 503…) exactly as to handler errors.
    func respond(to request: Request, with error: HTTPError) -> Response {
        run(chain.wrap({ _ in throw error }), request)
    }
}

/// The response for an error no middleware turned into one: the API's JSON error shape, nothing internal.
enum FallbackResponse {
    static func make(for error: any Error, requestID: String) -> Response {
        let httpError = error as? HTTPError
            ?? HTTPError(.internalServerError, code: "internal_error", message: "Internal server error.")
        let body = #"{"error":{"code":"\#(escape(httpError.code))","message":"\#(escape(httpError.message))","#
            + #""request_id":"\#(escape(requestID))"}}"#
        var headers = httpError.headers
        headers.set("Content-Type", "application/json; charset=utf-8")
        return Response(status: httpError.status, headers: headers, body: .bytes(Array(body.utf8)))
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
