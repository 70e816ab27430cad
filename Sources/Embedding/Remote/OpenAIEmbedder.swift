import HTTPClient
import JSON

/// Embeddings from an OpenAI-compatible API: `POST {baseURL}/embeddings` with `{model, input: [...]}`, answered
/// with `data[i].embedding`, which is put back in input order by each item's `index` (the API does not promise
/// the order).
package struct OpenAIEmbedder: Embedder {
    let endpoint: RemoteEmbeddingEndpoint
    package let model: String

    /// An embedder for `model` at `settings.baseURL` (like `https://api.openai.com/v1`). `dimensions`, when known,
    /// is enforced from the first response on; otherwise it is learned from it. `client` shares a pool and breakers.
    package init(settings: RemoteEmbeddingSettings, model: String, dimensions: Int? = nil,
                 client: HTTPClient? = nil) throws(EmbeddingError) {
        endpoint = try RemoteEmbeddingEndpoint(provider: "openai", settings: settings, dimensions: dimensions,
                                               client: client)
        self.model = model
    }

    /// The vector length; 0 until the first response when it was not given.
    package var dimensions: Int { endpoint.dimensions }

    package func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        try endpoint.embed(texts, model: model, path: "/embeddings") { json, count throws(EmbeddingError) in
            guard let items = json["data"]?.arrayValue else { throw endpoint.badResponse("no data array") }
            var vectors = [[Float]?](repeating: nil, count: count)
            for item in items {
                guard let index = item["index"]?.integerValue, vectors.indices.contains(index), vectors[index] == nil,
                      let vector = RemoteEmbeddingEndpoint.vector(item["embedding"]) else {
                    throw endpoint.badResponse("a data item lacks a valid index or embedding")
                }
                vectors[index] = vector
            }
            let complete = vectors.compactMap { $0 }
            guard complete.count == count else { throw endpoint.badResponse("vectors are missing") }
            return complete
        }
    }
}
