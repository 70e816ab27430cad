/// Which embedding providers and models this build can run. Knowledge-base configs are checked against it when they
/// are written, so a document never fails later for a model name that was never valid; `Embedders` builds them.
package enum EmbedderCatalog {
    /// Every provider name the API accepts.
    package static let providers = ["local", "openai", "ollama", "hash"]
    /// Vector lengths the hash embedder offers (`hash-<n>`).
    package static let hashDimensions = 8...4096
    /// The model the `local` provider runs in process.
    package static let localModels = [MiniLMEmbedder.modelName]
    /// The longest model name passed to a remote provider.
    package static let remoteModelNameLimit = 200

    /// Whether `provider` and `model` name something this build runs (without loading it). The remote providers
    /// (`openai`, `ollama`) are valid only when listed in `remoteProviders` — the ones the server has settings for
    /// (`Embedders.remoteProviders`); their model names are the provider's business and only checked for shape.
    package static func validate(provider: String, model: String,
                                 remoteProviders: Set<String> = []) throws(EmbeddingError) {
        switch provider {
        case "hash": _ = try hashDimensions(of: model)
        case "local":
            guard localModels.contains(model) else {
                throw EmbeddingError(code: "unknown_model",
                                     message: "The local provider runs \(localModels.joined(separator: ", ")).",
                                     isTransient: false)
            }
        case "openai", "ollama":
            guard remoteProviders.contains(provider) else {
                throw EmbeddingError(code: "provider_unavailable",
                                     message: "The '\(provider)' embedding provider is not configured on this server "
                                         + "(configure embedding.\(provider).base_url); use 'local' or 'hash'.",
                                     isTransient: false)
            }
            guard !model.isEmpty, model.count <= remoteModelNameLimit,
                  model.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
                throw EmbeddingError(code: "unknown_model",
                                     message: "Give the \(provider) model name (e.g. text-embedding-3-small or "
                                         + "nomic-embed-text): up to \(remoteModelNameLimit) characters, no spaces.",
                                     isTransient: false)
            }
        default:
            throw EmbeddingError(code: "unknown_provider",
                                 message: "Unknown embedding provider '\(provider)'; use one of \(providers.joined(separator: ", ")).",
                                 isTransient: false)
        }
    }

    /// The embedder for providers that need no model files (`hash`); `Embedders` builds the others.
    package static func embedder(provider: String, model: String) throws(EmbeddingError) -> any Embedder {
        try validate(provider: provider, model: model)
        guard provider == "hash" else {
            throw EmbeddingError(code: "model_unavailable", message: "The '\(provider)' provider needs the server's "
                                 + "model settings.", isTransient: false)
        }
        return HashEmbedder(dimensions: try hashDimensions(of: model))
    }

    private static func hashDimensions(of model: String) throws(EmbeddingError) -> Int {
        guard model.hasPrefix("hash-"), let dimensions = Int(model.dropFirst(5)), hashDimensions.contains(dimensions),
              model == "hash-\(dimensions)" else {
            throw EmbeddingError(code: "unknown_model",
                                 message: "The hash provider's models are hash-<dimensions> with \(hashDimensions.lowerBound) "
                                     + "to \(hashDimensions.upperBound) dimensions, e.g. hash-384.",
                                 isTransient: false)
        }
        return dimensions
    }
}
