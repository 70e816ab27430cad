#if canImport(Glibc)
import Glibc
#endif
import COpenSSL

/// The server's end of one fake-provider connection: a blocking socket, with TLS over it when the server has a
/// certificate. Owned by the connection's thread; the server only ever `shutdown`s the descriptor to wake it.
final class FakeConnection {
    let fd: Int32
    private let ssl: OpaquePointer?

    /// Accepts TLS on `fd` when `context` is given; nil when the handshake fails (the client rejected us).
    init?(fd: Int32, context: OpaquePointer?) {
        self.fd = fd
        guard let context else {
            ssl = nil
            return
        }
        guard let session = SSL_new(context) else { return nil }
        ssl = session
        SSL_set_fd(session, fd)
        if SSL_accept(session) != 1 {
            ERR_clear_error()
            return nil
        }
    }

    deinit {
        if let ssl { SSL_free(ssl) }
    }

    /// Reads some bytes; 0 or less once the peer closed or the connection failed.
    func read(into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { raw in
            if let ssl { return Int(SSL_read(ssl, raw.baseAddress, Int32(raw.count))) }
            return recv(fd, raw.baseAddress, raw.count, 0)
        }
    }

    /// Writes all of `bytes`; false once the peer has gone.
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                if let ssl { return Int(SSL_write(ssl, raw.baseAddress! + offset, Int32(raw.count - offset))) }
                return send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Whether the client has closed its end (checked between streamed tokens).
    var peerHasClosed: Bool {
        var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, 0) > 0 else { return false }
        if request.revents & Int16(POLLHUP | POLLERR) != 0 { return true }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) == 0
    }
}
