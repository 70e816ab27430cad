import COpenSSL

/// TLS over a `TCPSocket`, with OpenSSL as an IO-free engine between two memory BIOs: OpenSSL never touches the
/// socket, so every network wait goes through the same cancellable, deadline-bound `TCPSocket` calls as plain HTTP,
/// and no write can raise SIGPIPE. The peer's certificate must chain to a trusted CA and name the host (DNS name via
/// `SSL_set1_host`, IP literal via `X509_VERIFY_PARAM_set1_ip_asc`); SNI is sent for DNS names.
final class TLSStream: ByteStream {
    private let socket: TCPSocket
    private let ssl: OpaquePointer
    /// Network bytes in (we write, OpenSSL reads) and out (OpenSSL writes, we send); owned by `ssl`.
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer
    private let host: String
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    var peer: String { socket.peer }

    /// Prepares a client session for `url`'s host; `handshake` must succeed before use.
    init(socket: TCPSocket, context: TLSContext, url: HTTPURL) throws(HTTPClientError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.context) else {
            throw HTTPClientError(.tlsFailed, "Cannot create a TLS session: \(OpenSSLErrorQueue.drain()).")
        }
        guard let incoming = BIO_new(BIO_s_mem()), let outgoing = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw HTTPClientError(.tlsFailed, "Cannot create TLS buffers.")
        }
        ragd_bio_mem_retry_when_empty(incoming)
        SSL_set_bio(ssl, incoming, outgoing)
        self.socket = socket
        self.ssl = ssl
        self.incoming = incoming
        self.outgoing = outgoing
        self.host = url.host
        SSL_set_connect_state(ssl)
        let identity: Int32
        if url.isIPLiteral {
            // RFC 6066 §3: no SNI for addresses; the certificate must list the address as an IP SAN.
            identity = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), url.host)
        } else {
            X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            identity = SSL_set1_host(ssl, url.host) == 1 && ragd_ssl_set_server_name(ssl, url.host) == 1 ? 1 : 0
        }
        guard identity == 1 else {
            throw HTTPClientError(.tlsFailed, "Cannot set the expected identity \(url.host): \(OpenSSLErrorQueue.drain()).")
        }
    }

    deinit { SSL_free(ssl) }

    /// Runs the handshake; a certificate that fails verification is `certificate_invalid` naming the host.
    func handshake(by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) {
        while true {
            ERR_clear_error()
            let result = SSL_do_handshake(ssl)
            let status = SSL_get_error(ssl, result)
            // Send what OpenSSL produced (our flight, or the alert explaining a failure) before judging the result.
            try? flush(by: deadline, waiter: waiter)
            if result == 1 { return }
            switch status {
            case SSL_ERROR_WANT_READ:
                guard try receive(by: deadline, waiter: waiter) else {
                    throw HTTPClientError(.tlsFailed, "\(peer) closed the connection during the TLS handshake.")
                }
            case SSL_ERROR_WANT_WRITE:
                continue
            default:
                let verification = SSL_get_verify_result(ssl)
                if verification != Int(X509_V_OK) {
                    let reason = String(cString: X509_verify_cert_error_string(verification))
                    throw HTTPClientError(.certificateInvalid, "The TLS certificate of \(host) was rejected: \(reason).")
                }
                throw HTTPClientError(.tlsFailed, "The TLS handshake with \(peer) failed: \(OpenSSLErrorQueue.drain()).")
            }
        }
    }

    func read(into buffer: inout [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) -> Int {
        while true {
            ERR_clear_error()
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(clamping: $0.count)) }
            if count > 0 { return Int(count) }
            let status = SSL_get_error(ssl, count)
            try flush(by: deadline, waiter: waiter)  // TLS 1.3 may answer a key update
            switch status {
            case SSL_ERROR_ZERO_RETURN:
                return 0
            case SSL_ERROR_WANT_READ:
                // A close without close_notify ends the stream too; the HTTP framing tells whether the body was whole.
                guard try receive(by: deadline, waiter: waiter) else { return 0 }
            case SSL_ERROR_WANT_WRITE:
                continue
            default:
                throw HTTPClientError(.connectionClosed, "TLS read from \(peer) failed: \(OpenSSLErrorQueue.drain()).")
            }
        }
    }

    func write(_ bytes: [UInt8], by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            let count = bytes.withUnsafeBytes { raw in
                SSL_write(ssl, raw.baseAddress! + offset, Int32(clamping: raw.count - offset))
            }
            let status = SSL_get_error(ssl, count)
            try flush(by: deadline, waiter: waiter)
            if count > 0 {
                offset += Int(count)
                continue
            }
            switch status {
            case SSL_ERROR_WANT_READ:
                guard try receive(by: deadline, waiter: waiter) else {
                    throw HTTPClientError(.connectionClosed, "\(peer) closed the TLS connection.")
                }
            case SSL_ERROR_WANT_WRITE:
                continue
            default:
                throw HTTPClientError(.connectionClosed, "TLS write to \(peer) failed: \(OpenSSLErrorQueue.drain()).")
            }
        }
    }

    var hasPendingInput: Bool { socket.hasPendingInput }

    /// Moves network bytes from the socket into OpenSSL; false when the server closed the connection.
    private func receive(by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) -> Bool {
        let count = try socket.read(into: &scratch, by: deadline, waiter: waiter)
        guard count > 0 else { return false }
        let written = scratch.withUnsafeBytes { BIO_write(incoming, $0.baseAddress, Int32(count)) }
        guard written == Int32(count) else {
            throw HTTPClientError(.tlsFailed, "Cannot buffer TLS input from \(peer).")
        }
        return true
    }

    /// Sends everything OpenSSL has written to the outgoing buffer.
    private func flush(by deadline: Deadline, waiter: Waiter) throws(HTTPClientError) {
        while ragd_bio_pending(outgoing) > 0 {
            let count = scratch.withUnsafeMutableBytes { BIO_read(outgoing, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { return }
            try socket.write(Array(scratch[0..<Int(count)]), by: deadline, waiter: waiter)
        }
    }
}
