import HTTP

extension HTTPClient {
    /// Timeouts, retries, breaker thresholds, pool sizes, TLS trust and response limits of one client.
    package struct Configuration: Sendable {
        /// Seconds to establish a connection, TLS handshake included.
        package var connectTimeout: Double
        /// Seconds to wait for each read (and each write) — between bytes, not for the whole response, so a long
        /// stream that keeps producing never times out.
        package var readTimeout: Double
        /// Attempts and backoff.
        package var retry: RetryPolicy
        /// When the per-provider breakers open and how long they stay open.
        package var breaker: CircuitBreaker.Settings
        /// Idle keep-alive connections kept per (scheme, host, port).
        package var maxIdleConnectionsPerHost: Int
        /// Seconds an idle connection is kept; below common server keep-alive timeouts (nginx 75 s, Node 5 s is the
        /// outlier — a reuse that loses that race is retried on a fresh connection).
        package var idleTimeout: Double
        /// A PEM file of extra trusted CAs (a private CA, a self-signed test server), on top of the system store.
        package var caFile: String?
        /// The `User-Agent` header (`ragd/<version>` from the server).
        package var userAgent: String
        /// Limits on response heads and bodies (`maxBodyBytes` bounds every response, streamed or not).
        package var limits: HTTPLimits
        /// The most bytes of an error response's body read (for its excerpt) before the connection is dropped.
        package var maxErrorBodyBytes: Int

        /// A configuration; the defaults suit model providers.
        package init(connectTimeout: Double = 10, readTimeout: Double = 60, retry: RetryPolicy = RetryPolicy(),
                     breaker: CircuitBreaker.Settings = CircuitBreaker.Settings(), maxIdleConnectionsPerHost: Int = 8,
                     idleTimeout: Double = 30, caFile: String? = nil, userAgent: String = "ragd",
                     limits: HTTPLimits = Configuration.defaultLimits, maxErrorBodyBytes: Int = 64 * 1024) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.retry = retry
            self.breaker = breaker
            self.maxIdleConnectionsPerHost = maxIdleConnectionsPerHost
            self.idleTimeout = idleTimeout
            self.caFile = caFile
            self.userAgent = userAgent
            self.limits = limits
            self.maxErrorBodyBytes = maxErrorBodyBytes
        }

        /// The server's header limits with a 64 MiB body bound: a batch of large embedding vectors as JSON text runs
        /// to several MiB.
        package static var defaultLimits: HTTPLimits {
            var limits = HTTPLimits()
            limits.maxBodyBytes = 64 << 20
            return limits
        }
    }
}

/// What one call adds to the client's configuration.
package struct RequestOptions: Sendable {
    /// Polled at least every 100 ms while the request waits; true aborts it with `cancelled`.
    package var isCancelled: @Sendable () -> Bool
    /// The circuit breaker guarding this call (e.g. `openai https://api.openai.com/v1`); nil for none.
    package var breakerKey: String?

    /// Options for one call.
    package init(isCancelled: @escaping @Sendable () -> Bool = { false }, breakerKey: String? = nil) {
        self.isCancelled = isCancelled
        self.breakerKey = breakerKey
    }
}
