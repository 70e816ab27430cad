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
        func remote(_ endpoint: ProviderEndpointSettings) -> RemoteEmbeddingSettings {
            RemoteEmbeddingSettings(baseURL: endpoint.baseURL, apiKey: endpoint.apiKey.isEmpty ? nil : endpoint.apiKey,
                                    connectTimeout: endpoint.connectTimeoutSeconds,
                                    readTimeout: endpoint.readTimeoutSeconds, maxAttempts: endpoint.maxAttempts,
                                    caFile: endpoint.caFile.isEmpty ? nil : endpoint.caFile,
                                    userAgent: "ragd/\(RagdVersion.current)")
        }
        let configured = configuredProviders
        return Embedders.Settings(modelDirectory: embedding.modelDirectory,
                                  threads: embedding.threads > 0 ? embedding.threads : ProcessorCount.online,
                                  batchSize: embedding.batchSize, cacheBytes: embedding.cacheBytes,
                                  openai: configured["openai"].map(remote), ollama: configured["ollama"].map(remote))
    }

    /// The remote providers this server is configured for. OpenAI-compatible counts as configured with a key or a
    /// base URL other than OpenAI's (a local vLLM or llama.cpp server needs no key); Ollama with a base URL.
    var configuredProviders: [String: ProviderEndpointSettings] {
        var endpoints: [String: ProviderEndpointSettings] = [:]
        if !providers.openai.apiKey.isEmpty || providers.openai.baseURL != ProvidersSettings().openai.baseURL {
            endpoints["openai"] = providers.openai
        }
        if !providers.ollama.baseURL.isEmpty { endpoints["ollama"] = providers.ollama }
        return endpoints
    }

    /// HNSW parameters of every knowledge base's vector index.
    var hnswParameters: HNSWParameters {
        HNSWParameters(m: search.hnswM, efConstruction: search.hnswEfConstruction, efSearch: search.hnswEfSearch)
    }

    /// The query cache.
    var queryCacheSettings: QueryCache<CachedAnswer>.Settings {
        var settings = QueryCache<CachedAnswer>.Settings()
        settings.enabled = query.cacheEnabled && query.cacheMaxEntries > 0
        settings.maxEntries = query.cacheMaxEntries
        settings.ttlSeconds = query.cacheTTLSeconds
        settings.semanticThreshold = Float(query.cacheSemanticThreshold)
        return settings
    }

    /// The remote chat models this server may call, and their prices.
    func languageModels() throws -> LanguageModels {
        let endpoints = configuredProviders
        var prices = PriceTable()
        if !providers.priceTableFile.isEmpty {
            do {
                prices = try PriceTable(json: try TextFile.read(providers.priceTableFile))
            } catch {
                throw ConfigError(description: "providers.price_table_file (\(providers.priceTableFile)): \(error)")
            }
        }
        return LanguageModels(endpoints: endpoints, prices: prices, maxConcurrentCalls: providers.maxConcurrentCalls)
    }
}
