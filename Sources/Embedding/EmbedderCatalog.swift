/// Which embedding providers and models this build can run, and the embedder for a knowledge base's
/// `embedding: {provider, model}`. Knowledge-base configs are checked against it when they are written, so a
/// document never fails later for a model that was never available.
package enum EmbedderCatalog {
    /// Every provider name the API accepts.
    package static let providers = ["local", "openai", "ollama", "hash"]
    /// Vector lengths the hash embedder offers (`hash-<n>`).
    package static let hashDimensions = 8...4096

    /// The embedder for `provider` and `model`, or why there is none.
    package static func embedder(provider: String, model: String) throws(EmbeddingError) -> any Embedder {
        switch provider {
        case "hash":
            guard model.hasPrefix("hash-"), let dimensions = Int(model.dropFirst(5)),
                  hashDimensions.contains(dimensions), model == "hash-\(dimensions)" else {
                throw EmbeddingError(code: "unknown_model",
                                     message: "The hash provider's models are hash-<dimensions> with \(hashDimensions.lowerBound) "
                                         + "to \(hashDimensions.upperBound) dimensions, e.g. hash-384.",
                                     isTransient: false)
            }
            return HashEmbedder(dimensions: dimensions)
        case "local", "openai", "ollama":
            throw EmbeddingError(code: "provider_unavailable",
                                 message: "The '\(provider)' embedding provider is not available in this build; use 'hash'.",
                                 isTransient: false)
        default:
            throw EmbeddingError(code: "unknown_provider",
                                 message: "Unknown embedding provider '\(provider)'; use one of \(providers.joined(separator: ", ")).",
                                 isTransient: false)
        }
    }
}
