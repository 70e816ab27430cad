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

        package init(modelDirectory: String, threads: Int = 2, batchSize: Int = 32, cacheBytes: Int = 64 << 20) {
            self.modelDirectory = modelDirectory
            self.threads = threads
            self.batchSize = batchSize
            self.cacheBytes = cacheBytes
        }
    }

    package let settings: Settings
    package let cache: EmbeddingCache
    private let local = Mutex<MiniLMEmbedder?>(nil)

    /// The model's WordPiece tokenizer (its `vocab.txt` alone, read at start-up): chunk sizes are counted in these
    /// tokens. Nil when the model is not installed.
    package let tokenizer: WordPieceTokenizer?

    package init(settings: Settings) {
        self.settings = settings
        cache = EmbeddingCache(capacityBytes: settings.cacheBytes)
        tokenizer = try? WordPieceTokenizer(vocabularyFile: settings.modelDirectory + "/vocab.txt")
    }

    /// The embedder for a knowledge base's `embedding: {provider, model}`.
    package func embedder(provider: String, model: String) throws(EmbeddingError) -> any Embedder {
        try EmbedderCatalog.validate(provider: provider, model: model)
        switch provider {
        case "local": return CachedEmbedder(try localModel(), cache: cache)
        // Feature hashing costs less than a cache lookup would save; only the model's vectors are worth keeping.
        default: return try EmbedderCatalog.embedder(provider: provider, model: model)
        }
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
