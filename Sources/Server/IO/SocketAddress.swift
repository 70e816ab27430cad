#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// An IPv4 or IPv6 socket address, printable as `host:port` / `[host]:port`.
package struct SocketAddress: Sendable, CustomStringConvertible, Equatable {
    /// Numeric host.
    package let host: String
    /// Port number.
    package let port: Int

    /// Creates an address from its parts.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads an address the kernel filled in.
    init(storage: sockaddr_storage) {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            let (address, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { ($0.pointee.sin_addr, $0.pointee.sin_port) }
            }
            var raw = address
            inet_ntop(AF_INET, &raw, &buffer, socklen_t(buffer.count))
            self.init(host: String(cString: buffer), port: Int(UInt16(bigEndian: port)))
        case AF_INET6:
            let (address, port) = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ($0.pointee.sin6_addr, $0.pointee.sin6_port) }
            }
            var raw = address
            inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count))
            self.init(host: String(cString: buffer), port: Int(UInt16(bigEndian: port)))
        default:
            self.init(host: "unknown", port: 0)
        }
    }

    /// `127.0.0.1:8080` or `[::1]:8080`.
    package var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
