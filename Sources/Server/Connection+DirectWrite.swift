#if canImport(Glibc)
import Glibc
#endif
import HTTP

/// A pool handler's response written by its worker (see `DirectWrite` for who owns the socket when).
extension Connection {
    /// Worker: sends `response` itself if the loop armed the connection and the response is a plain body on a
    /// connection that stays open. False when the loop must respond as usual (the worker gave the socket back).
    func writeDirectly(_ response: Response, to request: Request) -> Bool {
        let server = loop.server
        guard case .bytes(let body) = response.body, !response.status.forbidsBody,
              !response.headers.contains("Connection"), !server.isDraining else {
            _ = direct.disarm()
            return false
        }
        guard direct.claim() else { return false }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + 512)
        HTTPResponseSerializer.writeHead(status: response.status, headers: response.headers,
                                         framing: .contentLength(body.count), keepAlive: true,
                                         requestVersion: request.head.version, date: server.currentDate(),
                                         into: &bytes)
        bytes += body
        var sent = 0
        while sent < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
            }
            if written > 0 {
                sent += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                break  // the socket is full, or the peer is gone: the loop's writer deals with either
            }
        }
        // Counted as finished only once the socket is released: a shutdown waiting for in-flight requests then
        // finds the connection closable.
        defer { server.stats.requestFinished() }
        guard sent < bytes.count else {
            if direct.finish() { loop.post { [self] in settleDirectWrite() } }
            return true
        }
        direct.handBack()
        let rest = Array(bytes[sent...])
        loop.post { [self] in finishHandedBack(rest) }
        return true
    }

    /// Loop: a response a worker wrote in full is done; the connection moves on as after `respond`.
    func settleDirectWrite() {
        guard phase == .handling, direct.takeWritten() else { return }
        head = nil
        finishResponse(keepAlive: true)
        if closeWhenSettled || closeAfterResponse || peerClosed {
            close()  // an idle kept-alive connection may always be closed
            return
        }
        processInput()
        updateInterest()
    }

    /// Loop: the rest of a response a worker could not send in one go.
    private func finishHandedBack(_ rest: [UInt8]) {
        guard phase == .handling else { return }
        guard !closeWhenSettled else {
            close()
            return
        }
        head = nil
        queue(rest)
        finishResponse(keepAlive: !closeAfterResponse && !peerClosed)
        flush()
        if phase == .idle { processInput() }
        updateInterest()
    }
}
