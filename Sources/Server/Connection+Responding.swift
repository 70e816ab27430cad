#if canImport(Glibc)
import Glibc
#endif
import HTTP
import Threading

extension Connection {
    /// Queues `response` for `request` and moves to the next phase. A response for a connection that closed while
    /// its handler ran is dropped.
    func respond(_ response: Response, to request: Request) {
        guard phase != .closed else { return }
        precondition(phase == .body || phase == .handling, "response in phase \(phase)")
        head = nil
        var headers = response.headers
        // The server owns `Connection`; a handler may only ask for close. (Checked first: removing would copy the
        // header list on every response.)
        var handlerWantsClose = false
        if headers.contains("Connection") {
            handlerWantsClose = headers.listElements(for: "Connection").contains { $0.lowercased() == "close" }
            headers.remove("Connection")
        }
        let keepAlive = request.head.keepAlive && !closeAfterResponse && !peerClosed && !handlerWantsClose
            && !loop.server.isDraining
        let omitBody = request.method == .head || response.status.forbidsBody

        switch response.body {
        case .bytes(let bytes):
            writeHead(response.status, headers, omitBody && response.status.forbidsBody ? .none
                      : .contentLength(bytes.count), keepAlive: keepAlive, request: request)
            if !omitBody { queue(bytes) }
            finishResponse(keepAlive: keepAlive)
        case .stream where omitBody:
            writeHead(response.status, headers, response.status.forbidsBody ? .none : .chunked,
                      keepAlive: keepAlive, request: request)
            finishResponse(keepAlive: keepAlive)
        case .stream(let producer):
            guard startStream(producer) else {
                var overloaded = HTTPError(.serviceUnavailable, code: "overloaded",
                                           message: "The server is busy; retry shortly.")
                overloaded.headers.set("Retry-After", "1")
                respond(loop.server.respond(to: request, with: overloaded), to: request)
                return
            }
            // HTTP/1.0 has no chunked coding: the body ends when the connection closes.
            streamChunked = request.head.version == .http1_1
            responseKeepAlive = keepAlive && streamChunked
            writeHead(response.status, headers, streamChunked ? .chunked : .untilClose,
                      keepAlive: responseKeepAlive, request: request)
            phase = .streaming
        }
        flush()
        if phase == .idle { processInput() }
        updateInterest()
    }

    private func writeHead(_ status: HTTPStatus, _ headers: HTTPHeaders, _ framing: HTTPResponseFraming,
                           keepAlive: Bool, request: Request) {
        noteOutputStarting()
        HTTPResponseSerializer.writeHead(status: status, headers: headers, framing: framing, keepAlive: keepAlive,
                                         requestVersion: request.head.version, date: loop.date.bytes, into: &outbound)
    }

    /// Appends bytes to the output buffer.
    func queue(_ bytes: [UInt8]) {
        noteOutputStarting()
        outbound += bytes
    }

    /// The write timeout counts from the moment output becomes pending, not from the last write long ago.
    private func noteOutputStarting() {
        if pendingOutput == 0 { timers.lastWriteProgress = loop.now }
    }

    func finishResponse(keepAlive: Bool) {
        servedAny = true
        phase = keepAlive ? .idle : .closing
        timers.idleSince = loop.now
        if keepAlive && parser.isMidRequest { timers.requestStartedAt = loop.now }
    }

    // MARK: Streaming

    /// Runs `producer` on the worker pool; false when the pool is full.
    private func startStream(_ producer: @escaping StreamProducer) -> Bool {
        let loop = self.loop
        let writer = StreamWriter(highWater: configuration.maxBufferedWriteBytes) { [self] event in
            loop.post { [self] in self.onStream(event) }
        }
        let accepted = loop.server.workerPool.trySubmit {
            do {
                try producer(writer)
                writer.finish()
            } catch is StreamCancelled {
                // The client left; nothing to tell it.
            } catch {
                loop.server.diagnostics(.streamFailed(String(describing: error)))
                writer.abort()
            }
        }
        if accepted { stream = writer }
        return accepted
    }

    private func onStream(_ event: StreamWriter.StreamEvent) {
        guard phase == .streaming else { return }
        switch event {
        case .bytes(let bytes):
            noteOutputStarting()
            if streamChunked {
                HTTPResponseSerializer.writeChunk(bytes, into: &outbound)
            } else {
                outbound += bytes
            }
            streamUnacknowledged += bytes.count
            flush()
        case .end:
            if streamChunked { queue(HTTPResponseSerializer.lastChunk) }
            stream = nil
            finishResponse(keepAlive: responseKeepAlive)
            flush()
            if phase == .idle { processInput() }
            updateInterest()
        case .abort:
            // Ending without the last chunk tells the client the body is incomplete.
            close()
        }
    }

    // MARK: Writing

    /// Writes buffered output until done, the socket is full, or this event's budget is spent.
    func flush() {
        var budget = configuration.writeBudgetBytes
        while pendingOutput > 0 && budget > 0 {
            let length = min(pendingOutput, budget)
            let result: IOResult<Int>
            do {
                result = try outbound.withUnsafeBytes { bytes throws(IOError) in
                    try syscall("send") { send(fd, bytes.baseAddress! + outboundSent, length, Int32(MSG_NOSIGNAL)) }
                }
            } catch {
                close()
                return
            }
            guard case .processed(let written) = result else { break }
            outboundSent += written
            budget -= written
            timers.lastWriteProgress = loop.now
        }
        if pendingOutput == 0 && !outbound.isEmpty {
            outbound.removeAll(keepingCapacity: outbound.capacity <= 64 * 1024)
            outboundSent = 0
        }
        if let stream, streamUnacknowledged > 0, pendingOutput <= configuration.maxBufferedWriteBytes / 2 {
            stream.acknowledge(streamUnacknowledged)
            streamUnacknowledged = 0
        }
        if pendingOutput == 0 && phase == .closing {
            finishClosing()
            return
        }
        updateInterest()
    }

    /// The socket can take more bytes.
    func onWritable() {
        flush()
        if phase == .idle { processInput() }
        updateInterest()
    }

    /// After the last response: close, or first linger so a client still sending sees the response, not a reset.
    private func finishClosing() {
        guard !peerClosed, lingerOnClose || parser.bufferedByteCount > 0 else {
            close()
            return
        }
        _ = shutdown(fd, Int32(SHUT_WR))
        phase = .lingering
        timers.lingerDeadline = loop.now + MonotonicClock.nanoseconds(configuration.lingerTimeout)
        updateInterest()
    }
}
