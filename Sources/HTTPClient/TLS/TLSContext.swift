import COpenSSL

/// The client's OpenSSL context: TLS 1.2 or newer, the system's CA store plus an optional extra CA file, and peer
/// verification always on (there is deliberately no switch to turn it off). Shared by every connection of a client;
/// OpenSSL allows concurrent `SSL_new` on a configured context.
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    /// Throws `tls_failed` when OpenSSL cannot set up or the CA file cannot be read.
    init(caFile: String?) throws(HTTPClientError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw HTTPClientError(.tlsFailed, "Cannot create a TLS context: \(OpenSSLErrorQueue.drain()).")
        }
        self.context = context
        guard ragd_ssl_ctx_require_tls12(context) == 1 else {
            throw HTTPClientError(.tlsFailed, "Cannot require TLS 1.2: \(OpenSSLErrorQueue.drain()).")
        }
        // The system store (OPENSSL_CERT_FILE / the distribution's bundle); failing to find one is not an error here,
        // every handshake would just fail verification with a clear message.
        _ = SSL_CTX_set_default_verify_paths(context)
        if let caFile, !caFile.isEmpty {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw HTTPClientError(.tlsFailed, "Cannot load the CA file \(caFile): \(OpenSSLErrorQueue.drain()).")
            }
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    }

    deinit { SSL_CTX_free(context) }
}
