#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// Opens TCP connections: resolve, then a non-blocking connect to each address in turn until one answers, all within
/// one connect deadline, with TCP_NODELAY (requests and SSE events are small writes that must not wait for Nagle).
///
/// Name resolution uses getaddrinfo, which blocks and cannot be cancelled; numeric hosts skip DNS entirely.
enum TCPConnector {
    static func connect(to url: HTTPURL, by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) -> TCPSocket {
        let peer = url.isIPv6Literal ? "[\(url.host)]:\(url.port)" : "\(url.host):\(url.port)"
        if waiter.isCancelled() { throw .cancelled }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (url.isIPLiteral ? AI_NUMERICHOST : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(url.host, String(url.port), &hints, &list)
        guard code == 0, let first = list else {
            throw HTTPClientError(.connectFailed, "Cannot resolve \(url.host): \(String(cString: gai_strerror(code))).")
        }
        defer { freeaddrinfo(list) }
        var failure = HTTPClientError(.connectFailed, "No address of \(url.host) accepted a connection.")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do {
                return try connect(info.pointee, peer: peer, by: deadline, waiter: waiter)
            } catch where error.kind == .connectFailed {
                failure = error  // try the next address (an IPv6 address may be unreachable where IPv4 works)
            }
        }
        throw failure
    }

    private static func connect(_ info: addrinfo, peer: String, by deadline: Deadline,
                                waiter: Waiter) throws(HTTPClientError) -> TCPSocket {
        let fd = ragd_tcp_socket(info.ai_family)
        guard fd >= 0 else { throw failed(peer, errno) }
        let socket = TCPSocket(fd: fd, peer: peer)  // owns fd from here: closed on every failure below
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            // EINTR on a non-blocking connect means the same as EINPROGRESS: it goes on in the background.
            guard errno == EINPROGRESS || errno == EINTR else { throw failed(peer, errno) }
            try waiter.waitUntilReady(fd, for: Int32(POLLOUT), by: deadline, peer: peer)
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) == 0 else { throw failed(peer, errno) }
            guard code == 0 else { throw failed(peer, code) }
        }
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        return socket
    }

    private static func failed(_ peer: String, _ code: Int32) -> HTTPClientError {
        HTTPClientError(.connectFailed, "Could not connect to \(peer): \(String(cString: strerror(code))).")
    }
}
