import Embedding
import Ingest
import Server
import JSON
import Partition
import VectorIndex

extension RagdConfig {
    /// `knowledge_base_defaults` as the config a new knowledge base starts from, validated like an API request.
    func knowledgeBaseDefaultConfig() throws(ConfigProblem) -> KnowledgeBaseConfig {
        let defaults = knowledgeBaseDefaults
        let patch: JSONValue = [
            "chunking": [
                "strategy": .string(defaults.chunkingStrategy), "chunk_size": .number(Double(defaults.chunkSize)),
                "chunk_overlap": .number(Double(defaults.chunkOverlap)), "unit": .string(defaults.chunkUnit),
                "parent_chunk_size": .number(Double(defaults.parentChunkSize)),
            ],
            "embedding": ["provider": .string(defaults.embeddingProvider), "model": .string(defaults.embeddingModel)],
            "retrieval": [
                "mode": .string(defaults.retrievalMode), "top_k": .number(Double(defaults.topK)),
                "fusion": .string(defaults.fusion), "alpha": .number(defaults.alpha), "rerank": .string(defaults.rerank),
            ],
            "generation": [
                "provider": .string(defaults.generationProvider), "model": .string(defaults.generationModel),
                "temperature": .number(defaults.temperature), "max_tokens": .number(Double(defaults.maxTokens)),
                "prompt": .string(defaults.prompt),
            ],
        ]
        return try KnowledgeBaseConfig().applying(patch)
    }

    /// How the ingestion workers run.
    var ingestionSettings: IngestionSettings {
        var settings = IngestionSettings()
        settings.workers = ingest.workers > 0 ? ingest.workers : ProcessorCount.online
        settings.maxAttempts = ingest.maxAttempts
        settings.retryBaseSeconds = ingest.retryBaseSeconds
        var limits = PartitionLimits()
        limits.maxPages = partition.maxPages
        limits.maxSeconds = partition.maxSeconds
        limits.maxDecompressedBytes = partition.maxDecompressedBytes
        limits.maxCompressionRatio = partition.maxCompressionRatio
        limits.maxNestingDepth = partition.maxNestingDepth
        settings.limits = limits
        return settings
    }
}

extension RagdConfig {
    /// The local model and cache settings.
    var embedderSettings: Embedders.Settings {
        Embedders.Settings(modelDirectory: embedding.modelDirectory,
                           threads: embedding.threads > 0 ? embedding.threads : ProcessorCount.online,
                           batchSize: embedding.batchSize, cacheBytes: embedding.cacheBytes)
    }

    /// HNSW parameters of every knowledge base's vector index.
    var hnswParameters: HNSWParameters {
        HNSWParameters(m: search.hnswM, efConstruction: search.hnswEfConstruction, efSearch: search.hnswEfSearch)
    }
}
