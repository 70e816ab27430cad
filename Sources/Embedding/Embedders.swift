import HTTPClient
import Synchronization

/// The embedders this server runs, built once and shared by ingestion and queries: the local MiniLM model is loaded
/// on first use (90 MB of weights, so not at start-up when no knowledge base uses it) and the model answers
/// through one `EmbeddingCache`.
package final class Embedders: Sendable {
    /// Where the local model lives and how it runs.
    package struct Settings: Sendable {
        /// A folder with `model.safetensors` and `vocab.txt` of all-MiniLM-L6-v2.
        package var modelDirectory: String
        /// Threads one forward pass uses.
        package var threads: Int
        /// Texts per forward pass.
        package var batchSize: Int
        /// Bytes the embedding cache may hold.
        package var cacheBytes: Int
        /// An OpenAI-compatible embeddings API; nil leaves the `openai` provider unavailable.
        package var openai: RemoteEmbeddingSettings?
        /// An Ollama server; nil leaves the `ollama` provider unavailable.
        package var ollama: RemoteEmbeddingSettings?

        package init(modelDirectory: String, threads: Int = 2, batchSize: Int = 32, cacheBytes: Int = 64 << 20,
                     openai: RemoteEmbeddingSettings? = nil, ollama: RemoteEmbeddingSettings? = nil) {
            self.modelDirectory = modelDirectory
            self.threads = threads
            self.batchSize = batchSize
            self.cacheBytes = cacheBytes
            self.openai = openai
            self.ollama = ollama
        }
    }

    package let settings: Settings
    package let cache: EmbeddingCache
    private let local = Mutex<MiniLMEmbedder?>(nil)
    /// Remote embedders by provider and model, built on first use and kept (each learns its vector length), and one
    /// HTTP client per provider that they share: one connection pool and one circuit breaker per provider, however
    /// many of its models the knowledge bases use.
    private let remote = Mutex<(embedders: [RemoteKey: any Embedder], clients: [String: HTTPClient])>(([:], [:]))

    private struct RemoteKey: Hashable {
        var provider: String
        var model: String
    }

    /// The model's WordPiece tokenizer (its `vocab.txt` alone, read at start-up): chunk sizes are counted in these
    /// tokens. Nil when the model is not installed.
    package let tokenizer: WordPieceTokenizer?

    package init(settings: Settings) {
        self.settings = settings
        cache = EmbeddingCache(capacityBytes: settings.cacheBytes)
        tokenizer = try? WordPieceTokenizer(vocabularyFile: settings.modelDirectory + "/vocab.txt")
    }

    /// The remote providers this server has settings for.
    package var remoteProviders: Set<String> {
        var providers: Set<String> = []
        if settings.openai != nil { providers.insert("openai") }
        if settings.ollama != nil { providers.insert("ollama") }
        return providers
    }

    /// Whether `provider` and `model` name an embedder this server can run, remote providers included.
    package func validate(provider: String, model: String) throws(EmbeddingError) {
        try EmbedderCatalog.validate(provider: provider, model: model, remoteProviders: remoteProviders)
    }

    /// The embedder for a knowledge base's `embedding: {provider, model}`.
    package func embedder(provider: String, model: String) throws(EmbeddingError) -> any Embedder {
        try validate(provider: provider, model: model)
        switch provider {
        case "local": return CachedEmbedder(try localModel(), cache: cache)
        case "openai", "ollama": return try remoteModel(provider: provider, model: model)
        // Feature hashing costs less than a cache lookup would save; only the model's vectors are worth keeping.
        default: return try EmbedderCatalog.embedder(provider: provider, model: model)
        }
    }

    /// The cached remote embedder for `provider` and `model` (validated by the caller), built once. A remote vector
    /// costs a network round trip, so these answer through the shared cache like the local model.
    private func remoteModel(provider: String, model: String) throws(EmbeddingError) -> any Embedder {
        let key = RemoteKey(provider: provider, model: model)
        let endpoint = provider == "openai" ? settings.openai! : settings.ollama!
        let result: Result<any Embedder, EmbeddingError> = remote.withLock { built in
            if let existing = built.embedders[key] { return .success(existing) }
            do throws(EmbeddingError) {
                let client: HTTPClient
                if let shared = built.clients[provider] {
                    client = shared
                } else {
                    do throws(HTTPClientError) {
                        client = try HTTPClient(configuration: endpoint.clientConfiguration)
                    } catch {
                        throw RemoteEmbeddingEndpoint.error(ProviderFailure(error, provider: provider,
                                                                            secret: endpoint.apiKey))
                    }
                    built.clients[provider] = client
                }
                let base: any Embedder = provider == "openai"
                    ? try OpenAIEmbedder(settings: endpoint, model: model, client: client)
                    : try OllamaEmbedder(settings: endpoint, model: model, client: client)
                let embedder = CachedEmbedder(base, cache: cache)
                built.embedders[key] = embedder
                return .success(embedder)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The local model, loaded once; a failed load is retried on the next call (the files may be installed since).
    package func localModel() throws(EmbeddingError) -> MiniLMEmbedder {
        let result: Result<MiniLMEmbedder, EmbeddingError> = local.withLock { loaded in
            if let loaded { return .success(loaded) }
            let result = Result { () throws(EmbeddingError) -> MiniLMEmbedder in
                try MiniLMEmbedder(directory: settings.modelDirectory, threads: settings.threads,
                                   batchSize: settings.batchSize)
            }
            if case .success(let model) = result { loaded = model }
            return result
        }
        return try result.get()
    }
}
