/// A failed call to a model provider, classified the way ragd reports it. Remote generators (`GenerationError`) and
/// remote embedders (`EmbeddingError`) both build their errors from this, so a timeout or a rejected key reads the
/// same whichever part of the pipeline met it.
package struct ProviderFailure: Error, Sendable, Equatable {
    /// The stable codes.
    package enum Kind: String, Sendable, Equatable {
        /// The provider refused or failed the request (4xx other than 429, a bad key, 5xx after retries, a dropped
        /// connection, TLS).
        case error = "provider_error"
        /// A connect, read or write deadline passed.
        case timeout = "provider_timeout"
        /// Unreachable: no connection could be made, or the circuit breaker is open.
        case unavailable = "provider_unavailable"
        /// Still 429 after the retries.
        case rateLimited = "provider_rate_limited"
        /// The answer was not what the API promises (malformed JSON, missing fields, broken HTTP).
        case badResponse = "provider_bad_response"
        /// Our caller went away (or stopped consuming the stream).
        case cancelled
    }

    /// The classification.
    package var kind: Kind
    /// What happened, naming the provider and never the API key.
    package var message: String

    /// The stable snake_case code.
    package var code: String { kind.rawValue }

    /// Whether a deadline ran out.
    package var isTimeout: Bool { kind == .timeout }

    /// Whether the same call may succeed later: timeouts, rate limits, an unreachable provider, server failures.
    package var isTransient: Bool

    /// Creates a failure.
    package init(_ kind: Kind, _ message: String, isTransient: Bool = false) {
        self.kind = kind
        self.message = message
        self.isTransient = isTransient
    }

    /// Classifies a client error from `provider`'s endpoint. `secret` (the API key) is scrubbed from anything the
    /// provider echoed back, and a rejected key is reported without the response body at all.
    package init(_ error: HTTPClientError, provider: String, secret: String?) {
        switch error.kind {
        case .cancelled, .consumerFailed:
            self.init(.cancelled, "The \(provider) request was cancelled.")
        case .circuitOpen:
            self.init(.unavailable, "The \(provider) provider is failing; \(error.message)", isTransient: true)
        case .connectFailed:
            self.init(.unavailable, "The \(provider) provider is unreachable: \(error.message)", isTransient: true)
        case .connectionClosed:
            self.init(.error, "The \(provider) provider dropped the connection: \(error.message)", isTransient: true)
        case .connectTimeout, .readTimeout, .writeTimeout:
            self.init(.timeout, "The \(provider) provider timed out: \(error.message)", isTransient: true)
        case .protocolError, .responseTooLarge:
            self.init(.badResponse, "The \(provider) provider sent an invalid response: \(error.message)")
        case .invalidURL, .invalidRequest, .tlsFailed, .certificateInvalid:
            self.init(.error, "The \(provider) provider cannot be used: \(error.message)")
        case .httpStatus:
            self.init(status: error.status ?? 0, excerpt: error.bodyExcerpt ?? "", provider: provider, secret: secret)
        }
    }

    private init(status: Int, excerpt: String, provider: String, secret: String?) {
        switch status {
        case 401, 403:
            self.init(.error, "The \(provider) provider rejected the API key (HTTP \(status)); check the configured key.")
        case 429:
            self.init(.rateLimited, "The \(provider) provider is rate limiting requests (HTTP 429).", isTransient: true)
        default:
            var detail = excerpt
            if let secret, secret.count >= 4 { detail = detail.replacing(secret, with: "***") }
            let said = detail.isEmpty ? "" : ": \(detail)"
            self.init(.error, "The \(provider) provider answered HTTP \(status)\(said)", isTransient: status >= 500)
        }
    }

    /// A response that parsed as HTTP but not as the API's JSON.
    package static func badResponse(_ provider: String, _ detail: String) -> ProviderFailure {
        ProviderFailure(.badResponse, "The \(provider) provider sent an unexpected response: \(detail).")
    }
}
