import HTTP

/// One call's state across its attempts.
struct Exchange {
    let request: HTTPClientRequest
    let bytes: [UInt8]
    let waiter: Waiter
    /// Whether body pieces go to the caller as they arrive (then a delivered piece forbids retries).
    let streaming: Bool
    /// A streamed body piece reached the caller.
    var delivered = false
}

extension HTTPClient {
    /// One attempt: on a pooled connection if there is one — and if that fails before any response byte arrived (the
    /// server closed it while idle), once more on a fresh connection without counting as a retry.
    func attemptOnce(_ exchange: inout Exchange, onHead: (HTTPResponseHead) -> Void,
                     onBody: ([UInt8]) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        if let reused = pool.take(ConnectionKey(exchange.request.url)) {
            var received = 0
            do {
                return try run(&exchange, on: reused, received: &received, onHead: onHead, onBody: onBody)
            } catch where error.kind == .connectionClosed && received == 0 {
                // Stale keep-alive connection: fall through to a fresh one.
            }
        }
        let fresh = try connect(to: exchange.request.url, waiter: exchange.waiter)
        var received = 0
        return try run(&exchange, on: fresh, received: &received, onHead: onHead, onBody: onBody)
    }

    private func connect(to url: HTTPURL, waiter: Waiter) throws(HTTPClientError) -> HTTPConnection {
        let deadline = Deadline.after(configuration.connectTimeout, .connectTimeout)
        let socket = try TCPConnector.connect(to: url, by: deadline, waiter: waiter)
        switch url.scheme {
        case .http:
            return HTTPConnection(key: ConnectionKey(url), stream: socket)
        case .https:
            let session = try TLSStream(socket: socket, context: tls, url: url)
            try session.handshake(by: deadline, waiter: waiter)
            return HTTPConnection(key: ConnectionKey(url), stream: session)
        }
    }

    /// Writes the request and reads its response on `connection`, counting response bytes in `received`. The
    /// connection goes back to the pool only after a complete response that leaves it reusable; on any error it is
    /// dropped, which closes it.
    private func run(_ exchange: inout Exchange, on connection: HTTPConnection, received: inout Int,
                     onHead: (HTTPResponseHead) -> Void,
                     onBody: ([UInt8]) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        let stream = connection.stream
        let waiter = exchange.waiter
        try stream.write(exchange.bytes, by: .after(configuration.readTimeout, .writeTimeout), waiter: waiter)
        var parser = HTTPResponseParser(limits: configuration.limits, requestMethod: exchange.request.method)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var head: HTTPResponseHead?
        var errorBody: [UInt8]?
        while true {
            while let event = try Self.next(&parser, peer: stream.peer, received: received) {
                switch event {
                case .head(let finalHead):
                    head = finalHead
                    if finalHead.isSuccess { onHead(finalHead) } else { errorBody = [] }
                case .body(let piece):
                    if var collected = errorBody {
                        collected += piece
                        guard collected.count <= configuration.maxErrorBodyBytes else {
                            throw Self.statusError(head!, body: collected, peer: stream.peer)
                        }
                        errorBody = collected
                    } else {
                        if exchange.streaming { exchange.delivered = true }
                        try Self.deliver(piece, to: onBody)
                    }
                case .end:
                    let finalHead = head!
                    if finalHead.keepAlive && parser.bufferedByteCount == 0 { pool.put(connection) }
                    if let errorBody { throw Self.statusError(finalHead, body: errorBody, peer: stream.peer) }
                    return finalHead
                }
            }
            let count = try stream.read(into: &buffer, by: .after(configuration.readTimeout, .readTimeout),
                                        waiter: waiter)
            if count == 0 {
                parser.endOfInput()
            } else {
                received += count
                parser.append(contentsOf: buffer[0..<count])
            }
        }
    }

    private static func next(_ parser: inout HTTPResponseParser, peer: String,
                             received: Int) throws(HTTPClientError) -> HTTPResponseEvent? {
        do {
            return try parser.next()
        } catch .truncated {
            let when = received == 0 ? "before responding" : "before the response was complete"
            throw HTTPClientError(.connectionClosed, "\(peer) closed the connection \(when).")
        } catch .message(.bodyTooLarge) {
            throw HTTPClientError(.responseTooLarge, "The response from \(peer) is larger than allowed.")
        } catch {
            throw HTTPClientError(.protocolError, "Invalid HTTP response from \(peer): \(error).")
        }
    }

    private static func deliver(_ piece: [UInt8], to onBody: ([UInt8]) throws -> Void) throws(HTTPClientError) {
        do {
            try onBody(piece)
        } catch let error as HTTPClientError {
            throw error
        } catch {
            throw HTTPClientError(.consumerFailed, "The response consumer stopped: \(error)")
        }
    }

    /// `http_status` for a complete (or over-long) non-2xx response.
    static func statusError(_ head: HTTPResponseHead, body: [UInt8], peer: String) -> HTTPClientError {
        let text = String(decoding: body.prefix(4 * HTTPClientError.excerptLength), as: UTF8.self)
        let excerpt = String(text.prefix(HTTPClientError.excerptLength).map { $0.isNewline ? " " : $0 })
        return HTTPClientError(.httpStatus, "\(peer) answered HTTP \(head.status).", status: head.status,
                               bodyExcerpt: excerpt,
                               retryAfter: RetryPolicy.retryAfterSeconds(head.headers["retry-after"]))
    }
}
