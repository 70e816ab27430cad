#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Threading

/// One client connection, owned by one event loop and only ever touched on that loop's thread — except that a pool
/// worker may send its response on the socket itself while the loop has armed `direct` (see `DirectWrite`).
///
/// Lifecycle: `idle` (waiting for or reading a head) → `body` → `handling` (a pool handler runs) → response queued →
/// back to `idle` on keep-alive, else `closing` → `closed` (possibly via `lingering`). Streamed responses pass through
/// `streaming`. Each transition happens in one place below; an impossible one stops the process.
final class Connection: @unchecked Sendable {
    enum Phase: Equatable {
        case idle
        case body
        case handling
        case streaming
        case closing
        case lingering
        case closed
    }

    let fd: Int32
    let registration: UInt32
    let peer: SocketAddress
    unowned let loop: EventLoop
    var phase: Phase = .idle
    var parser: HTTPRequestParser
    var timers: ConnectionTimers
    var interest: Interest = .read
    var servedAny = false
    var peerClosed = false
    /// Set by drain or an error: the connection closes after the current response.
    var closeAfterResponse = false
    /// Whether, when closing, unread input might still arrive (so lingering is worth it).
    var lingerOnClose = false
    /// Nested-processing guard: a response completed inside `processInput` must not re-enter it.
    var processingInput = false

    // The request in progress.
    var head: HTTPRequestHead?
    var resolution: RouteResolution = .notFound
    var body: [UInt8] = []
    var bodyLimit = 0
    /// The file an upload route's body goes to, instead of `body`.
    var spool: BodySpool?

    // Output.
    /// Lets a pool worker write the response itself (see `DirectWrite`).
    let direct = DirectWrite()
    /// The loop meant to close while a worker was writing: it closes once the worker is done.
    var closeWhenSettled = false
    var outbound: [UInt8] = []
    var outboundSent = 0
    var stream: StreamWriter?
    var streamChunked = true
    var streamUnacknowledged = 0
    var responseKeepAlive = false

    init(fd: Int32, registration: UInt32, peer: SocketAddress, loop: EventLoop) {
        self.fd = fd
        self.registration = registration
        self.peer = peer
        self.loop = loop
        self.parser = HTTPRequestParser(limits: loop.server.configuration.limits)
        self.timers = ConnectionTimers(now: loop.now)
    }

    var configuration: ServerConfiguration { loop.server.configuration }
    var pendingOutput: Int { outbound.count - outboundSent }

    // MARK: Reading

    /// Reads what the socket has (bounded per event), then parses and dispatches.
    func onReadable() {
        settleDirectWrite()
        var reads = 0
        while phase != .closed && reads < 4 {
            reads += 1
            let scratch = loop.scratch
            let result: IOResult<Int>
            do {
                result = try syscall("read") { Glibc.read(fd, scratch.baseAddress, scratch.count) }
            } catch {
                close()
                return
            }
            guard case .processed(let count) = result else { break }
            if count == 0 {
                onEndOfInput()
                return
            }
            if phase == .lingering { continue }
            if phase == .idle && !parser.isMidRequest { timers.requestStartedAt = loop.now }
            parser.append(UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            if count < scratch.count { break }
        }
        if phase == .handling && parser.bufferedByteCount > 0 && direct.requestNotice() {
            settleDirectWrite()  // pipelined input behind a response the worker has just written
        }
        processInput()
        updateInterest()
    }

    /// The peer closed its side.
    private func onEndOfInput() {
        peerClosed = true
        switch phase {
        case .idle where pendingOutput == 0 || parser.isMidRequest, .body, .streaming, .lingering:
            close()
        case .idle, .closing:
            updateInterest()
        case .handling:
            // The answer may still be wanted by a half-closed client; it closes after the response.
            closeAfterResponse = true
            if !direct.disarm() && direct.requestNotice() { settleDirectWrite() }
            updateInterest()
        case .closed:
            break
        }
    }

    /// Parses buffered input and dispatches complete requests, one at a time, in order.
    func processInput() {
        guard !processingInput else { return }
        processingInput = true
        defer { processingInput = false }
        while phase == .idle || phase == .body {
            // Pipelined requests wait while earlier responses are still largely unsent.
            if pendingOutput > configuration.maxBufferedWriteBytes { return }
            guard let event = parser.next() else { return }
            switch event {
            case .head(let newHead): begin(newHead)
            case .body(let bytes): receive(bytes)
            case .end: dispatch()
            case .error(let error): fail(HTTPError(error))
            }
        }
    }

    private func begin(_ newHead: HTTPRequestHead) {
        precondition(phase == .idle, "head in phase \(phase)")
        head = newHead
        resolution = loop.server.router.resolve(newHead.method, path: newHead.path)
        if case .matched(let route, _) = resolution, let limit = route.maxBodyBytes {
            bodyLimit = min(limit, configuration.limits.maxBodyBytes)
        } else {
            bodyLimit = min(configuration.defaultBodyBytes, configuration.limits.maxBodyBytes)
        }
        if case .length(let length) = newHead.framing, length > bodyLimit {
            fail(.bodyTooLarge)
            return
        }
        if case .matched(let route, let parameters) = resolution, let admission = route.admission,
           newHead.framing != .none {
            admit(newHead, route: route, parameters: parameters, admission)
            return
        }
        startBody(newHead)
    }

    /// Runs the route's admission on the pool before a byte of the body is read (input keeps buffering, bounded, as
    /// while any handler runs); then reads the body, or answers the refusal and closes.
    private func admit(_ newHead: HTTPRequestHead, route: Route, parameters: [String: String],
                       _ admission: @escaping Admission) {
        phase = .handling
        let server = loop.server
        let loop = self.loop
        let request = Request(head: newHead, route: route.template, parameters: parameters, remoteAddress: peer,
                              receivedAt: loop.now)
        let accepted = server.workerPool.trySubmit { [self] in
            let refusal = server.admit(admission, request)
            loop.post { [self] in
                guard phase == .handling, head == newHead else { return }
                if let refusal {
                    refuseBeforeBody(refusal, request)
                } else {
                    startBody(newHead)
                    processInput()
                    updateInterest()
                }
            }
        }
        guard !accepted else { return }
        var overloaded = HTTPError(.serviceUnavailable, code: "overloaded", message: "The server is busy; retry shortly.")
        overloaded.headers.set("Retry-After", "1")
        refuseBeforeBody(server.respond(to: request, with: overloaded), request)
    }

    /// Answers a request refused before its body was read; the body (if the client sends it anyway) is discarded
    /// by lingering.
    private func refuseBeforeBody(_ response: Response, _ request: Request) {
        closeAfterResponse = true
        lingerOnClose = true
        respond(response, to: request)
    }

    private func startBody(_ newHead: HTTPRequestHead) {
        if case .matched(let route, _) = resolution, case .file(let directory) = route.bodyStorage,
           newHead.framing != .none {
            guard let created = BodySpool(directory: directory) else {
                fail(HTTPError(.serviceUnavailable, code: "upload_storage_unavailable",
                               message: "The server cannot store uploads right now.", headers: ["Retry-After": "5"]))
                return
            }
            spool = created
        }
        phase = .body
        timers.bodyStartedAt = loop.now
        timers.bodyBytes = 0
        if newHead.expectsContinue && newHead.framing != .none {
            queue(HTTPResponseSerializer.continueResponse)
        }
    }

    private func receive(_ bytes: [UInt8]) {
        timers.bodyBytes += bytes.count
        guard timers.bodyBytes <= bodyLimit else {
            fail(.bodyTooLarge)
            return
        }
        if let spool {
            // A page-cache write of at most one read's bytes: cheap enough for the loop thread.
            guard spool.write(bytes) else {
                fail(HTTPError(.serviceUnavailable, code: "upload_storage_unavailable",
                               message: "The server cannot store uploads right now.", headers: ["Retry-After": "5"]))
                return
            }
        } else {
            body += bytes
        }
    }

    // MARK: Dispatch

    private func dispatch() {
        precondition(phase == .body, "dispatch in phase \(phase)")
        let finishedHead = head!
        let server = loop.server
        var request = Request(head: finishedHead, body: body, route: "unmatched",
                              remoteAddress: peer, receivedAt: loop.now)
        body = []
        request.bodyFile = spool?.finish()
        spool = nil
        switch resolution {
        case .matched(let route, let parameters):
            request.route = route.template
            request.parameters = parameters
            switch route.execution {
            case .inline: respond(server.run(route.handler, request), to: request)
            case .pool: runOnPool(server.workerPool, route.handler, request)
            case .dedicated(let pool): runOnPool(pool, route.handler, request)
            }
        case .methodNotAllowed(let allowed):
            let allow = allowed.map(\.description).joined(separator: ", ")
            respond(server.respond(to: request, with: HTTPError(.methodNotAllowed, code: "method_not_allowed",
                message: "\(finishedHead.method) is not allowed here.", headers: ["Allow": allow])), to: request)
        case .options(let allowed):
            let allow = allowed.map(\.description).joined(separator: ", ")
            respond(server.run({ _ in Response(status: .noContent, headers: ["Allow": allow]) }, request), to: request)
        case .notFound:
            respond(server.respond(to: request, with: .notFound), to: request)
        case .invalidPath:
            respond(server.respond(to: request, with: .invalidPath), to: request)
        }
    }

    private func runOnPool(_ pool: WorkerPool, _ handler: @escaping Handler, _ request: Request) {
        phase = .handling
        let server = loop.server
        let loop = self.loop
        server.stats.requestStarted()
        // The worker may write the response itself when nothing else is queued and the connection stays open.
        let direct = pendingOutput == 0 && request.head.keepAlive && !closeAfterResponse && !peerClosed
            && request.method != .head
        if direct { self.direct.arm() }
        let accepted = pool.trySubmit { [self] in
            let response = server.run(handler, request)
            if direct && writeDirectly(response, to: request) { return }
            loop.post { [self] in
                server.stats.requestFinished()
                self.respond(response, to: request)
            }
        }
        guard !accepted else { return }
        if direct { _ = self.direct.disarm() }
        server.stats.requestFinished()
        var overloaded = HTTPError(.serviceUnavailable, code: "overloaded",
                                   message: "The server is busy; retry shortly.")
        overloaded.headers.set("Retry-After", "1")
        respond(server.respond(to: request, with: overloaded), to: request)
    }

    /// Answers a request that failed before dispatch (parse error, size limit, timeout) and closes afterwards.
    func fail(_ error: HTTPError) {
        spool?.discard()
        spool = nil
        let failedHead = head ?? Self.placeholderHead
        let request = Request(head: failedHead, route: "invalid", remoteAddress: peer, receivedAt: loop.now)
        closeAfterResponse = true
        lingerOnClose = true
        if phase == .idle || phase == .body { phase = .body }
        respond(loop.server.respond(to: request, with: error), to: request)
    }

    /// Stands in for the head of a request too malformed to have one, so errors still pass through middleware.
    static let placeholderHead = HTTPRequestHead(
        method: .other("UNKNOWN"), target: "/", version: .http1_1, headers: HTTPHeaders(), framing: .none,
        keepAlive: false, expectsContinue: false)
}
