#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

// Function-like macros of OpenSSL that Swift cannot import, wrapped for the outbound HTTP client's TLS (issue 6).

/// Refuses anything older than TLS 1.2 (SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl).
static inline int ragd_ssl_ctx_require_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}

/// Sends `name` as SNI (SSL_set_tlsext_host_name is a macro over SSL_ctrl).
static inline int ragd_ssl_set_server_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// Makes an empty memory BIO report "retry later" instead of end of file, so a TLS engine over memory BIOs asks
/// for more network bytes (SSL_ERROR_WANT_READ) rather than seeing a closed connection.
static inline void ragd_bio_mem_retry_when_empty(BIO *bio) {
    (void)BIO_set_mem_eof_return(bio, -1);
}

/// Bytes waiting in a BIO (BIO_pending is a macro over BIO_ctrl).
static inline size_t ragd_bio_pending(BIO *bio) {
    return (size_t)BIO_ctrl_pending(bio);
}
