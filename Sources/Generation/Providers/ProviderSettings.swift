import HTTPClient

/// Where a remote chat model lives and how to talk to it: filled from configuration by the server.
package struct ProviderSettings: ProviderConnectionConfigurable, Sendable, Equatable, CustomStringConvertible {
    /// The wire protocols ragd speaks: `openai` (OpenAI, OpenRouter, DeepSeek, vLLM, llama.cpp server) and `ollama`.
    package static let providers = ["openai", "ollama"]

    /// `openai` or `ollama`.
    package var provider: String
    /// The API root: `https://api.openai.com/v1`, `http://localhost:11434`.
    package var baseURL: String
    /// Sent as `Authorization: Bearer`; nil or empty sends none (local servers).
    package var apiKey: String?
    /// The model name sent to the provider.
    package var model: String
    /// Timeouts (reads default to two minutes: the first token of a long prompt can take a while on a local model),
    /// retries, the circuit breaker, trusted CAs and the user agent; each also reads and writes as these settings' own.
    package var connection: ProviderConnectionSettings

    /// Settings from configuration's flat values.
    package init(provider: String, baseURL: String, model: String, apiKey: String? = nil, connectTimeout: Double = 10,
                 readTimeout: Double = 120, maxAttempts: Int = 3, caFile: String? = nil, retryBaseDelay: Double = 0.5,
                 retryMaxDelay: Double = 8, breakerFailureThreshold: Int = 5, breakerCoolDown: Double = 30,
                 userAgent: String = "ragd") {
        self.provider = provider
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        connection = ProviderConnectionSettings(
            connectTimeout: connectTimeout, readTimeout: readTimeout, maxAttempts: maxAttempts, caFile: caFile,
            retryBaseDelay: retryBaseDelay, retryMaxDelay: retryMaxDelay,
            breakerFailureThreshold: breakerFailureThreshold, breakerCoolDown: breakerCoolDown, userAgent: userAgent)
    }

    /// The chat model these settings describe.
    package func makeChatModel(client: HTTPClient? = nil) throws(GenerationError) -> any ChatModel {
        let format: any ChatWireFormat
        switch provider {
        case "openai": format = OpenAIChatFormat()
        case "ollama": format = OllamaChatFormat()
        default:
            throw GenerationError(code: "provider_error", provider: provider,
                                  message: "Unknown generation provider '\(provider)'; use openai or ollama.")
        }
        return try RemoteChatModel(settings: self, format: format, client: client)
    }

    /// The settings without the key (for logs).
    package var description: String {
        "\(provider) \(model) at \(baseURL)\(apiKey?.isEmpty == false ? " (API key set)" : "")"
    }
}
