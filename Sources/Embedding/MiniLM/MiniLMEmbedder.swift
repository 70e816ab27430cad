/// all-MiniLM-L6-v2 (sentence-transformers) run locally: WordPiece tokens, the 6-layer BERT encoder, mean pooling,
/// unit length — 384 dimensions. Safe to call from several threads at once: the model is read-only and each call
/// owns its activations; every call uses up to `threads` threads of its own.
package final class MiniLMEmbedder: Embedder {
    /// The model's name in knowledge-base configs.
    package static let modelName = "all-MiniLM-L6-v2"
    /// The model id stored with every vector.
    package let model = MiniLMEmbedder.modelName
    /// The hidden size of the model: 384.
    package let dimensions: Int
    /// The model's tokenizer: the chunker measures chunks in these tokens.
    package let tokenizer: WordPieceTokenizer
    /// Threads one `embed` call computes on (the caller's included).
    package let threads: Int
    /// Texts encoded together: bigger batches give the matrix products taller operands.
    package let batchSize: Int
    /// Model input length, `[CLS]` and `[SEP]` included; longer texts are truncated.
    package let maxTokens: Int
    private let encoder: BERTEncoder

    /// Loads `config.json`, `vocab.txt` and `model.safetensors` from `directory`. A missing or corrupt model, or a
    /// processor the kernels cannot run on, throws `model_unavailable`.
    package init(directory: String, threads: Int, batchSize: Int = 32,
                 maxTokens: Int = WordPieceTokenizer.defaultMaxTokens) throws(EmbeddingError) {
        precondition(threads >= 1 && batchSize >= 1 && maxTokens >= 2, "threads, batch size and length must be positive")
        do {
            let missing = ProcessorFeatures.missing
            guard missing.isEmpty else { throw ModelLoadError.unsupportedProcessor(missing: missing) }
            let configuration = try BERTConfiguration(file: directory + "/config.json")
            let tokenizer: WordPieceTokenizer
            do { tokenizer = try WordPieceTokenizer(vocabularyFile: directory + "/vocab.txt") } catch {
                throw ModelLoadError.vocabulary(error)
            }
            guard tokenizer.vocabularySize == configuration.vocabularySize else {
                throw ModelLoadError.vocabularyMismatch(vocabulary: tokenizer.vocabularySize,
                                                        model: configuration.vocabularySize)
            }
            let weights: BERTWeights
            do {
                weights = try BERTWeights(SafeTensorsFile(path: directory + "/model.safetensors"), configuration)
            } catch {
                throw ModelLoadError.weights(error)
            }
            self.tokenizer = tokenizer
            encoder = BERTEncoder(configuration: configuration, weights: weights)
            dimensions = configuration.hiddenSize
            self.maxTokens = min(maxTokens, configuration.maxPositions)
        } catch {
            throw EmbeddingError(code: "model_unavailable", message: "all-MiniLM-L6-v2 in \(directory): \(error)",
                                 isTransient: false)
        }
        self.threads = threads
        self.batchSize = batchSize
    }

    /// One unit vector per text, in order. Texts are sorted by token count and encoded `batchSize` at a time, so a
    /// batch holds texts of similar length (the attention cost of a sequence grows with its length squared, and
    /// similar lengths keep its tasks even).
    package func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        let inputs = texts.map { tokenizer.encode($0, maxTokens: maxTokens) }
        let order = inputs.indices.sorted { inputs[$0].count < inputs[$1].count }
        var vectors = [[Float]](repeating: [], count: texts.count)
        for start in stride(from: 0, to: order.count, by: batchSize) {
            let members = order[start..<min(order.count, start + batchSize)]
            let batchVectors = encoder.embed(members.map { inputs[$0] }, threads: threads)
            for (member, vector) in zip(members, batchVectors) { vectors[member] = vector }
        }
        return vectors
    }
}
