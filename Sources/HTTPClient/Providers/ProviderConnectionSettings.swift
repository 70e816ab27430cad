/// How ragd talks to a model provider's HTTP API, whatever it asks of it: the settings the remote chat models
/// (`ProviderSettings`) and the remote embedders (`RemoteEmbeddingSettings`) share, and the client configuration they
/// stand for. Filled from configuration by the server.
package struct ProviderConnectionSettings: Sendable, Equatable {
    /// Seconds to connect (TLS included).
    package var connectTimeout: Double
    /// Seconds to wait for each read (between bytes, not for the whole response).
    package var readTimeout: Double
    /// Attempts per call, the first included.
    package var maxAttempts: Int
    /// Extra trusted CAs (PEM) for a provider behind a private CA.
    package var caFile: String?
    /// The backoff ceiling after the first failed attempt, in seconds.
    package var retryBaseDelay: Double
    /// The longest wait between attempts, `Retry-After` included, in seconds.
    package var retryMaxDelay: Double
    /// Consecutive failed calls that open the provider's circuit breaker.
    package var breakerFailureThreshold: Int
    /// Seconds an open breaker fails fast before letting a trial call through.
    package var breakerCoolDown: Double
    /// The `User-Agent` (`ragd/<version>`).
    package var userAgent: String

    /// Settings; the defaults are the client's.
    package init(connectTimeout: Double = 10, readTimeout: Double = 60, maxAttempts: Int = 3, caFile: String? = nil,
                 retryBaseDelay: Double = 0.5, retryMaxDelay: Double = 8, breakerFailureThreshold: Int = 5,
                 breakerCoolDown: Double = 30, userAgent: String = "ragd") {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.maxAttempts = maxAttempts
        self.caFile = caFile
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
        self.breakerFailureThreshold = breakerFailureThreshold
        self.breakerCoolDown = breakerCoolDown
        self.userAgent = userAgent
    }

    /// The HTTP client settings these stand for (attempts and breaker threshold at least 1).
    package var clientConfiguration: HTTPClient.Configuration {
        HTTPClient.Configuration(
            connectTimeout: connectTimeout, readTimeout: readTimeout,
            retry: RetryPolicy(maxAttempts: max(1, maxAttempts), baseDelay: retryBaseDelay, maxDelay: retryMaxDelay),
            breaker: CircuitBreaker.Settings(failureThreshold: max(1, breakerFailureThreshold),
                                             coolDown: breakerCoolDown),
            caFile: caFile, userAgent: userAgent)
    }
}

/// Settings that hold a `ProviderConnectionSettings` and read and write its members as their own
/// (`settings.readTimeout`, `settings.clientConfiguration`), so the list of connection settings exists once.
@dynamicMemberLookup
package protocol ProviderConnectionConfigurable {
    /// Timeouts, retries, the circuit breaker, trusted CAs and the user agent.
    var connection: ProviderConnectionSettings { get set }
}

extension ProviderConnectionConfigurable {
    /// A connection setting, read or written in place.
    package subscript<Value>(dynamicMember keyPath: WritableKeyPath<ProviderConnectionSettings, Value>) -> Value {
        get { connection[keyPath: keyPath] }
        set { connection[keyPath: keyPath] = newValue }
    }

    /// A value derived from the connection settings, like `clientConfiguration`.
    package subscript<Value>(dynamicMember keyPath: KeyPath<ProviderConnectionSettings, Value>) -> Value {
        connection[keyPath: keyPath]
    }
}
