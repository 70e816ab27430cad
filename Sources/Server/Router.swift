import HTTP

/// Where a route's handler runs.
package enum Execution: Sendable {
    /// On the event loop: only for handlers that never block and finish in microseconds (health, metrics).
    case inline
    /// On the server's bounded worker pool: anything touching SQLite, the disk or the network.
    case pool
    /// On a pool of its own, for expensive work with its own budget (password hashing): a burst of it fills that
    /// pool's queue (then 503s) instead of queueing everyone else's requests behind it.
    case dedicated(WorkerPool)
}

/// Where a route's request body is collected.
package enum BodyStorage: Sendable, Equatable {
    /// In memory, as `Request.body` (JSON and other small bodies).
    case memory
    /// In a temporary file in `directory`, written as the bytes arrive (`Request.bodyFile`): uploads never sit whole in
    /// memory. The server deletes the file once the handler has returned.
    case file(directory: String)
}

/// A check that runs on the worker pool once a request's head has arrived and before its body is read: refusing
/// there (401, 403, 404) means an upload nobody may make is never written to disk. The handler still runs its own
/// checks afterwards.
package typealias Admission = @Sendable (Request) throws -> Void

/// A registered route.
package struct Route: Sendable {
    /// The method it answers.
    package let method: HTTPMethod
    /// The template, e.g. `/v1/documents/{id}`; also the metrics label.
    package let template: String
    /// Where the handler runs.
    package let execution: Execution
    /// The largest body this route accepts (bytes); nil means the server's small default.
    package let maxBodyBytes: Int?
    /// Where the body is collected.
    package let bodyStorage: BodyStorage
    /// Checked before the body is read, when the request has one.
    package let admission: Admission?
    /// The handler, already wrapped in the middleware chain by `HTTPServer`.
    package let handler: Handler
}

/// The outcome of resolving a method and path.
package enum RouteResolution: Sendable {
    case matched(Route, parameters: [String: String])
    /// The path exists but not for this method; `allowed` lists the methods that do exist.
    case methodNotAllowed(allowed: [HTTPMethod])
    /// OPTIONS on a path with routes: answer 204 with `Allow`.
    case options(allowed: [HTTPMethod])
    case notFound
    /// The path is not valid percent-encoded UTF-8.
    case invalidPath
}

/// Maps method + path to a route. Templates are `/`-separated literal segments and `{name}` parameters; a literal
/// beats a parameter at the same position, with backtracking, so `/v1/jobs/{id}` and `/v1/jobs/stats` coexist.
/// HEAD falls back to GET (the server drops the body), and OPTIONS is answered from the registered methods.
package struct Router: Sendable {
    private var root = Node()
    private(set) package var routes: [Route] = []

    /// An empty router.
    package init() {}

    /// Registers `handler` for `method` and `template`. A duplicate or malformed template is a programmer error.
    package mutating func add(_ method: HTTPMethod, _ template: String, execution: Execution = .pool,
                              maxBodyBytes: Int? = nil, bodyStorage: BodyStorage = .memory,
                              admission: Admission? = nil, handler: @escaping Handler) {
        let segments = Self.templateSegments(template)
        let route = Route(method: method, template: template, execution: execution, maxBodyBytes: maxBodyBytes,
                          bodyStorage: bodyStorage, admission: admission, handler: handler)
        root.insert(route, segments: segments[...])
        routes.append(route)
    }

    /// Returns a router whose handlers are wrapped by `transform` (used to apply the middleware chain once).
    package func mapHandlers(_ transform: (@escaping Handler) -> Handler) -> Router {
        var mapped = Router()
        for route in routes {
            mapped.add(route.method, route.template, execution: route.execution, maxBodyBytes: route.maxBodyBytes,
                       bodyStorage: route.bodyStorage, admission: route.admission, handler: transform(route.handler))
        }
        return mapped
    }

    /// Resolves a request path (without query).
    package func resolve(_ method: HTTPMethod, path: Substring) -> RouteResolution {
        guard path.first == "/" else { return .notFound }
        var decoded: [String] = []
        if path.count > 1 {
            for raw in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                guard let segment = PercentDecoding.decode(raw) else { return .invalidPath }
                decoded.append(segment)
            }
        }
        var parameters: [(String, String)] = []
        guard let node = root.match(decoded[...], parameters: &parameters) else { return .notFound }
        let lookup = method == .head && node.routes[.head] == nil ? .get : method
        if let route = node.routes[lookup] {
            return .matched(route, parameters: Dictionary(parameters, uniquingKeysWith: { first, _ in first }))
        }
        var allowed = node.routes.keys.sorted { $0.description < $1.description }
        if node.routes[.get] != nil && node.routes[.head] == nil { allowed.append(.head) }
        if node.routes[.options] == nil { allowed.append(.options) }
        allowed.sort { $0.description < $1.description }
        return method == .options ? .options(allowed: allowed) : .methodNotAllowed(allowed: allowed)
    }

    private static func templateSegments(_ template: String) -> [Segment] {
        precondition(template.hasPrefix("/"), "route template must start with /: \(template)")
        guard template.count > 1 else { return [] }
        return template.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            precondition(!part.contains("{") && !part.contains("}"), "malformed template segment \(part)")
            return .literal(String(part))
        }
    }
}

private enum Segment {
    case literal(String)
    case parameter(String)
}

private struct Node: Sendable {
    var literals: [String: Node] = [:]
    var parameterName: String?
    var parameterChild: [Node] = []  // zero or one element: an indirect child without a class
    var routes: [HTTPMethod: Route] = [:]

    mutating func insert(_ route: Route, segments: ArraySlice<Segment>) {
        guard let first = segments.first else {
            precondition(routes[route.method] == nil, "duplicate route \(route.method) \(route.template)")
            routes[route.method] = route
            return
        }
        switch first {
        case .literal(let text):
            literals[text, default: Node()].insert(route, segments: segments.dropFirst())
        case .parameter(let name):
            precondition(parameterName == nil || parameterName == name,
                         "conflicting parameter names {\(parameterName ?? "")} and {\(name)} in \(route.template)")
            parameterName = name
            if parameterChild.isEmpty { parameterChild.append(Node()) }
            parameterChild[0].insert(route, segments: segments.dropFirst())
        }
    }

    func match(_ segments: ArraySlice<String>, parameters: inout [(String, String)]) -> Node? {
        guard let first = segments.first else { return routes.isEmpty ? nil : self }
        if let child = literals[first], let found = child.match(segments.dropFirst(), parameters: &parameters) {
            return found
        }
        if let name = parameterName, !first.isEmpty {
            parameters.append((name, first))
            if let found = parameterChild[0].match(segments.dropFirst(), parameters: &parameters) { return found }
            parameters.removeLast()
        }
        return nil
    }
}
