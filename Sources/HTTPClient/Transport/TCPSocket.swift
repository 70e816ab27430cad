#if canImport(Glibc)
import Glibc
#endif

/// A connected, non-blocking TCP socket; closes its descriptor in `deinit`.
final class TCPSocket: ByteStream {
    let fd: Int32
    let peer: String

    init(fd: Int32, peer: String) {
        self.fd = fd
        self.peer = peer
    }

    deinit { _ = Glibc.close(fd) }

    func read(into buffer: inout [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return count }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try waiter.waitUntilReady(fd, for: Int32(POLLIN), by: deadline, peer: peer)
            default: throw connectionError("Reading from", code)
            }
        }
    }

    func write(_ bytes: [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a server that closed must not raise SIGPIPE in the whole process.
            let count = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count >= 0 {
                offset += count
                continue
            }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try waiter.waitUntilReady(fd, for: Int32(POLLOUT), by: deadline, peer: peer)
            default: throw connectionError("Sending to", code)
            }
        }
    }

    var hasPendingInput: Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) != 0
    }

    private func connectionError(_ action: String, _ code: Int32) -> HTTPClientError {
        HTTPClientError(.connectionClosed, "\(action) \(peer) failed: \(String(cString: strerror(code))).")
    }
}
