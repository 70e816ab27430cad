import HTTPClient

/// Why a remote model produced no answer. Codes: `provider_error`, `provider_timeout`, `provider_unavailable`
/// (breaker open, connection refused), `provider_rate_limited`, `provider_bad_response`, `cancelled`. Messages name
/// the provider and never contain the API key.
package struct GenerationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable snake_case code.
    package let code: String
    /// The provider that failed (`openai`, `ollama`).
    package let provider: String
    /// A human-readable explanation.
    package let message: String
    /// Whether a deadline ran out.
    package let isTimeout: Bool

    package init(code: String, provider: String, message: String, isTimeout: Bool = false) {
        self.code = code
        self.provider = provider
        self.message = message
        self.isTimeout = isTimeout
    }

    /// The error for a classified provider failure.
    package init(_ failure: ProviderFailure, provider: String) {
        self.init(code: failure.code, provider: provider, message: failure.message, isTimeout: failure.isTimeout)
    }

    package var description: String { "\(code): \(message)" }
}
