import HTTPClient

/// Where a remote embedding provider lives and how to talk to it (one per provider; the model comes from each
/// knowledge base's config). Filled from configuration by the server.
package struct RemoteEmbeddingSettings: ProviderConnectionConfigurable, Sendable, Equatable, CustomStringConvertible {
    /// The API root: `https://api.openai.com/v1` (OpenAI-compatible) or `http://localhost:11434` (Ollama).
    package var baseURL: String
    /// Sent as `Authorization: Bearer`; nil or empty sends none.
    package var apiKey: String?
    /// Texts per request; larger inputs are split into several requests (OpenAI accepts up to 2048 inputs, but
    /// smaller batches keep each request well under the read timeout and the response under the size limit).
    package var batchSize: Int
    /// Timeouts, retries, the circuit breaker, trusted CAs and the user agent; each also reads and writes as these
    /// settings' own (`settings.readTimeout`).
    package var connection: ProviderConnectionSettings

    /// Settings from configuration's flat values.
    package init(baseURL: String, apiKey: String? = nil, batchSize: Int = 64, connectTimeout: Double = 10,
                 readTimeout: Double = 60, maxAttempts: Int = 3, caFile: String? = nil, retryBaseDelay: Double = 0.5,
                 retryMaxDelay: Double = 8, breakerFailureThreshold: Int = 5, breakerCoolDown: Double = 30,
                 userAgent: String = "ragd") {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.batchSize = batchSize
        connection = ProviderConnectionSettings(
            connectTimeout: connectTimeout, readTimeout: readTimeout, maxAttempts: maxAttempts, caFile: caFile,
            retryBaseDelay: retryBaseDelay, retryMaxDelay: retryMaxDelay,
            breakerFailureThreshold: breakerFailureThreshold, breakerCoolDown: breakerCoolDown, userAgent: userAgent)
    }

    /// The settings without the key (for logs).
    package var description: String { "\(baseURL)\(apiKey?.isEmpty == false ? " (API key set)" : "")" }
}
