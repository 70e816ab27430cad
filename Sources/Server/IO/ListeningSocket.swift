#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A bound, listening, non-blocking TCP socket. Each event loop owns one, all bound to the same address with
/// SO_REUSEPORT, so the kernel spreads new connections across loops without a shared accept lock.
package final class ListeningSocket: @unchecked Sendable {
    /// The descriptor.
    package let fd: Int32
    /// The address actually bound (the real port when port 0 was asked for).
    package let address: SocketAddress
    private var closed = false

    /// Binds and listens on `host:port` (`host` is numeric or a name resolved once; port 0 picks a free port).
    /// With `shareable` false the socket is a probe: bound without SO_REUSEPORT it fails with EADDRINUSE when anyone
    /// else listens on the port, including another process's SO_REUSEPORT group.
    package init(host: String, port: Int, backlog: Int32 = 4096, shareable: Bool = true) throws(IOError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var results: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &results)
        guard rc == 0, let first = results else {
            throw IOError(code: EADDRNOTAVAIL, function: "getaddrinfo(\(host)): \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(results) }

        let fd = try syscallValue("socket") { ragd_tcp_socket(first.pointee.ai_family) }
        do {
            var on: Int32 = 1
            let size = socklen_t(MemoryLayout<Int32>.size)
            _ = try syscallValue("setsockopt(SO_REUSEADDR)") { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, size) }
            if shareable {
                _ = try syscallValue("setsockopt(SO_REUSEPORT)") { setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, size) }
            }
            _ = try syscallValue("bind") { bind(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) }
            _ = try syscallValue("listen") { listen(fd, backlog) }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            _ = try syscallValue("getsockname") {
                withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }
            }
            self.fd = fd
            self.address = SocketAddress(storage: storage)
        } catch {
            closeDescriptor(fd)
            throw error
        }
    }

    /// Accepts one pending connection: its descriptor (non-blocking, close-on-exec) and peer address.
    package func accept() throws(IOError) -> IOResult<(fd: Int32, peer: SocketAddress)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        switch try syscall("accept4", { ragd_accept(fd, &storage, &length) }) {
        case .processed(let client): return .processed((client, SocketAddress(storage: storage)))
        case .wouldBlock: return .wouldBlock
        }
    }

    /// Stops listening; pending, unaccepted connections are reset by the kernel.
    package func close() {
        guard !closed else { return }
        closed = true
        closeDescriptor(fd)
    }

    deinit { close() }
}
