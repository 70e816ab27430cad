import HTTPClient
import JSON

/// Embeddings from Ollama: `POST {baseURL}/api/embed` with `{model, input: [...]}`, answered with `embeddings` in
/// input order.
package struct OllamaEmbedder: Embedder {
    let endpoint: RemoteEmbeddingEndpoint
    package let model: String

    /// An embedder for `model` at `settings.baseURL` (like `http://localhost:11434`). `dimensions`, when known, is
    /// enforced from the first response on; otherwise it is learned from it. `client` shares a pool and breakers.
    package init(settings: RemoteEmbeddingSettings, model: String, dimensions: Int? = nil,
                 client: HTTPClient? = nil) throws(EmbeddingError) {
        endpoint = try RemoteEmbeddingEndpoint(provider: "ollama", settings: settings, dimensions: dimensions,
                                               client: client)
        self.model = model
    }

    /// The vector length; 0 until the first response when it was not given.
    package var dimensions: Int { endpoint.dimensions }

    package func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        try endpoint.embed(texts, model: model, path: "/api/embed") { json, _ throws(EmbeddingError) in
            if let message = json["error"]?.stringValue {
                throw EmbeddingError(code: ProviderFailure.Kind.error.rawValue,
                                     message: "The ollama provider failed: \(message)", isTransient: false)
            }
            guard let items = json["embeddings"]?.arrayValue else { throw endpoint.badResponse("no embeddings array") }
            var vectors: [[Float]] = []
            for item in items {
                guard let vector = RemoteEmbeddingEndpoint.vector(item) else {
                    throw endpoint.badResponse("an embedding is not an array of numbers")
                }
                vectors.append(vector)
            }
            return vectors
        }
    }
}
