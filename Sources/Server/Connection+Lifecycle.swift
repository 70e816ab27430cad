import HTTP

extension Connection {
    /// Brings epoll's interest in line with what the connection can use now (one syscall, only on change).
    func updateInterest() {
        guard phase != .closed else { return }
        var wanted: Interest = []
        if !peerClosed {
            switch phase {
            case .idle, .body:
                if pendingOutput <= configuration.maxBufferedWriteBytes { wanted.insert(.read) }
            case .handling, .streaming:
                // Keep reading (bounded) so a disconnect is noticed and cancels the work.
                if parser.bufferedByteCount < configuration.maxBufferedReadBytes { wanted.insert(.read) }
            case .lingering:
                wanted.insert(.read)
            case .closing, .closed:
                break
            }
        }
        if pendingOutput > 0 { wanted.insert(.write) }
        guard wanted != interest else { return }
        do {
            try loop.epoll.modify(fd, registration: registration, interest: wanted)
            interest = wanted
        } catch {
            close()
        }
    }

    /// Applies the timeout rules at the loop's current time.
    func checkTimeouts() {
        // A response a worker wrote starts the keep-alive timer when settled: a client that never sends again
        // must still time out.
        settleDirectWrite()
        let activity: ConnectionTimers.Activity
        switch phase {
        case .idle: activity = parser.isMidRequest ? .readingHead : .waiting(servedAny: servedAny)
        case .body: activity = .readingBody
        case .handling: activity = .handling
        case .streaming, .closing: activity = .writing
        case .lingering: activity = .lingering
        case .closed: return
        }
        switch timers.verdict(at: loop.now, activity: activity, pendingOutput: pendingOutput > 0,
                              configuration: configuration) {
        case .none: break
        case .close: close()
        case .requestTimeout: fail(.requestTimeout)
        }
    }

    /// Graceful shutdown: idle connections close now, busy ones after their current response.
    func drain() {
        closeAfterResponse = true
        if phase == .handling && !direct.disarm() && direct.requestNotice() { settleDirectWrite() }
        if phase == .idle && !parser.isMidRequest && pendingOutput == 0 { close() }
    }

    /// Closes the socket and forgets the connection; a running stream producer is cancelled.
    func close() {
        guard phase != .closed else { return }
        // A worker sending on this socket keeps it until it is done: closing now could let the descriptor number
        // be reused under it. It posts when done, and the settlement closes.
        if phase == .handling && !direct.disarm() && !direct.requestNotice() {
            closeWhenSettled = true
            return
        }
        phase = .closed
        spool?.discard()
        spool = nil
        stream?.cancel()
        stream = nil
        loop.forget(self)
        closeDescriptor(fd)
    }
}
