/// One configuration key: its dotted path (`server.timeouts.header_seconds`), what it means, and where its value
/// goes. The table of keys is the single source for YAML parsing, `RAGD_*` environment overrides, validation and the
/// documentation test.
package struct ConfigKey: Sendable {
    /// The value's type and the field it sets, with the range of accepted values.
    package enum Kind: Sendable {
        case integer(any WritableKeyPath<RagdConfig, Int> & Sendable, ClosedRange<Int>)
        case number(any WritableKeyPath<RagdConfig, Double> & Sendable, ClosedRange<Double>)
        case boolean(any WritableKeyPath<RagdConfig, Bool> & Sendable)
        case text(any WritableKeyPath<RagdConfig, String> & Sendable, allowed: [String]?)
        case environment
    }

    /// Dotted path in the YAML file.
    package let path: String
    /// The value's type and destination.
    package let kind: Kind
    /// Whether the value is a secret (never printed).
    package let secret: Bool
    /// A shorter environment variable accepted too (API.md names `RAGD_ALLOW_SIGNUP`).
    package let alias: String?

    init(_ path: String, _ kind: Kind, secret: Bool = false, alias: String? = nil) {
        self.path = path
        self.kind = kind
        self.secret = secret
        self.alias = alias
    }

    /// The environment variable that overrides this key: `RAGD_` + the path in upper case with `.` → `_`.
    package var environmentVariable: String {
        "RAGD_" + path.uppercased().replacingDots()
    }

    /// The key's value in `config`, as YAML-ish text.
    package func value(in config: RagdConfig) -> String {
        switch kind {
        case .integer(let keyPath, _): String(config[keyPath: keyPath])
        case .number(let keyPath, _): Self.format(config[keyPath: keyPath])
        case .boolean(let keyPath): String(config[keyPath: keyPath])
        case .text(let keyPath, _): config[keyPath: keyPath]
        case .environment: config.environment.rawValue
        }
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

private extension String {
    func replacingDots() -> String { String(map { $0 == "." ? "_" : $0 }) }
}

extension ConfigKey {
    /// Every key ragd understands.
    package static let all: [ConfigKey] = [
        ConfigKey("env", .environment),
        ConfigKey("data_dir", .text(\.dataDirectory, allowed: nil)),
        ConfigKey("server.host", .text(\.server.host, allowed: nil)),
        ConfigKey("server.port", .integer(\.server.port, 0...65535)),
        ConfigKey("server.event_loops", .integer(\.server.eventLoops, 0...256)),
        ConfigKey("server.workers", .integer(\.server.workers, 0...1024)),
        ConfigKey("server.worker_queue_depth", .integer(\.server.workerQueueDepth, 1...1_000_000)),
        ConfigKey("server.max_connections", .integer(\.server.maxConnections, 1...1_000_000)),
        ConfigKey("server.shutdown_grace_seconds", .number(\.server.shutdownGracePeriod, 0...3600)),
        ConfigKey("server.write_budget_bytes", .integer(\.server.writeBudgetBytes, 4096...(64 << 20))),
        ConfigKey("server.max_buffered_write_bytes", .integer(\.server.maxBufferedWriteBytes, 16_384...(1 << 30))),
        ConfigKey("server.max_buffered_read_bytes", .integer(\.server.maxBufferedReadBytes, 16_384...(1 << 30))),
        ConfigKey("server.linger_seconds", .number(\.server.lingerTimeout, 0...60)),
        ConfigKey("server.timeouts.header_seconds", .number(\.server.headerTimeout, 0.1...3600)),
        ConfigKey("server.timeouts.keep_alive_seconds", .number(\.server.keepAliveTimeout, 0.1...86_400)),
        ConfigKey("server.timeouts.request_seconds", .number(\.server.requestTimeout, 1...86_400)),
        ConfigKey("server.timeouts.write_seconds", .number(\.server.writeTimeout, 1...86_400)),
        ConfigKey("server.timeouts.body_min_bytes_per_second", .number(\.server.minBodyBytesPerSecond, 0...1e12)),
        ConfigKey("server.timeouts.body_grace_seconds", .number(\.server.bodyRateGracePeriod, 0...3600)),
        ConfigKey("server.limits.request_line_bytes", .integer(\.server.limits.maxRequestLineBytes, 256...(1 << 20))),
        ConfigKey("server.limits.header_line_bytes", .integer(\.server.limits.maxHeaderLineBytes, 256...(1 << 20))),
        ConfigKey("server.limits.header_bytes", .integer(\.server.limits.maxHeaderBytes, 1024...(16 << 20))),
        ConfigKey("server.limits.header_count", .integer(\.server.limits.maxHeaderCount, 1...10_000)),
        ConfigKey("server.limits.body_bytes", .integer(\.server.limits.maxBodyBytes, 0...(1 << 40))),
        ConfigKey("server.limits.json_body_bytes", .integer(\.jsonBodyBytes, 0...(1 << 30))),
        ConfigKey("server.limits.default_body_bytes", .integer(\.server.defaultBodyBytes, 0...(1 << 30))),
        ConfigKey("server.limits.chunk_line_bytes", .integer(\.server.limits.maxChunkLineBytes, 64...(1 << 20))),
        ConfigKey("database.busy_timeout_ms", .integer(\.database.busyTimeoutMilliseconds, 0...600_000)),
        ConfigKey("database.read_connections", .integer(\.database.readConnections, 1...256)),
        ConfigKey("database.integrity_check_on_start", .boolean(\.database.integrityCheckOnStart)),
        ConfigKey("log.level", .text(\.log.level, allowed: ["debug", "info", "warn", "warning", "error"])),
        ConfigKey("log.access", .boolean(\.log.access)),
        ConfigKey("metrics.enabled", .boolean(\.metrics.enabled)),
        ConfigKey("metrics.auth_token", .text(\.metrics.authToken, allowed: nil), secret: true),
        ConfigKey("auth.allow_signup", .text(\.auth.allowSignup, allowed: ["auto", "true", "false"]),
                  alias: "RAGD_ALLOW_SIGNUP"),
        ConfigKey("auth.issuer", .text(\.auth.issuer, allowed: nil)),
        ConfigKey("auth.audience", .text(\.auth.audience, allowed: nil)),
        ConfigKey("auth.access_token_seconds", .number(\.auth.accessTokenSeconds, 30...900)),
        ConfigKey("auth.refresh_token_seconds", .number(\.auth.refreshTokenSeconds, 60...(90 * 86_400))),
        ConfigKey("auth.session_seconds", .number(\.auth.sessionSeconds, 60...(365 * 86_400))),
        ConfigKey("auth.token_signing_key_file", .text(\.auth.tokenSigningKeyFile, allowed: nil),
                  alias: "RAGD_TOKEN_SIGNING_KEY_FILE"),
        ConfigKey("auth.password.memory_kib", .integer(\.auth.passwordMemoryKiB, 1024...(1 << 20))),
        ConfigKey("auth.password.iterations", .integer(\.auth.passwordIterations, 1...64)),
        ConfigKey("auth.password.parallelism", .integer(\.auth.passwordParallelism, 1...16)),
        ConfigKey("auth.password.concurrency", .integer(\.auth.passwordConcurrency, 0...256)),
        ConfigKey("auth.password.queue", .integer(\.auth.passwordQueue, 0...100_000)),
        ConfigKey("auth.login.free_failures", .integer(\.auth.loginFreeFailures, 1...100)),
        ConfigKey("auth.login.base_delay_seconds", .number(\.auth.loginBaseDelaySeconds, 0.001...3600)),
        ConfigKey("auth.login.max_delay_seconds", .number(\.auth.loginMaxDelaySeconds, 0.001...86_400)),
        ConfigKey("auth.login.lockout_after", .integer(\.auth.loginLockoutAfter, 1...100)),
        ConfigKey("auth.login.lockout_seconds", .number(\.auth.loginLockoutSeconds, 1...(30 * 86_400))),
        ConfigKey("auth.login.ip_free_failures", .integer(\.auth.loginIPFreeFailures, 1...10_000)),
        ConfigKey("auth.max_api_keys_per_user", .integer(\.auth.maxAPIKeysPerUser, 1...100_000)),
        ConfigKey("auth.max_api_keys_per_organization", .integer(\.auth.maxAPIKeysPerOrganization, 1...1_000_000)),
        ConfigKey("rate_limits.organization_multiplier", .integer(\.rateLimits.organizationMultiplier, 1...10_000)),
        ConfigKey("rate_limits.unauthenticated.per_minute", .integer(\.rateLimits.unauthenticatedPerMinute, 1...1_000_000)),
        ConfigKey("rate_limits.unauthenticated.burst", .integer(\.rateLimits.unauthenticatedBurst, 1...1_000_000)),
        ConfigKey("rate_limits.free.per_minute", .integer(\.rateLimits.freePerMinute, 1...10_000_000)),
        ConfigKey("rate_limits.free.burst", .integer(\.rateLimits.freeBurst, 1...10_000_000)),
        ConfigKey("rate_limits.team.per_minute", .integer(\.rateLimits.teamPerMinute, 1...10_000_000)),
        ConfigKey("rate_limits.team.burst", .integer(\.rateLimits.teamBurst, 1...10_000_000)),
        ConfigKey("rate_limits.enterprise.per_minute", .integer(\.rateLimits.enterprisePerMinute, 1...10_000_000)),
        ConfigKey("rate_limits.enterprise.burst", .integer(\.rateLimits.enterpriseBurst, 1...10_000_000)),
        ConfigKey("server.trusted_proxies", .text(\.server.trustedProxies, allowed: nil)),
        ConfigKey("storage.encryption_key_file", .text(\.storage.encryptionKeyFile, allowed: nil),
                  alias: "RAGD_ENCRYPTION_KEY_FILE"),
        ConfigKey("ingest.workers", .integer(\.ingest.workers, 0...256)),
        ConfigKey("ingest.max_file_bytes", .integer(\.ingest.maxFileBytes, 1...(1 << 40))),
        ConfigKey("ingest.max_json_bytes", .integer(\.ingest.maxJSONBytes, 1024...(1 << 31))),
        ConfigKey("ingest.max_documents_per_request", .integer(\.ingest.maxDocumentsPerRequest, 1...100_000)),
        ConfigKey("ingest.max_attempts", .integer(\.ingest.maxAttempts, 1...20)),
        ConfigKey("ingest.retry_base_seconds", .number(\.ingest.retryBaseSeconds, 0...3600)),
        ConfigKey("embedding.model_dir", .text(\.embedding.modelDirectory, allowed: nil), alias: "RAGD_MODEL_DIR"),
        ConfigKey("embedding.threads", .integer(\.embedding.threads, 0...256)),
        ConfigKey("embedding.batch_size", .integer(\.embedding.batchSize, 1...1024)),
        ConfigKey("embedding.cache_bytes", .integer(\.embedding.cacheBytes, 0...(1 << 36))),
        ConfigKey("search.hnsw.m", .integer(\.search.hnswM, 4...128)),
        ConfigKey("search.hnsw.ef_construction", .integer(\.search.hnswEfConstruction, 8...4096)),
        ConfigKey("search.hnsw.ef_search", .integer(\.search.hnswEfSearch, 8...4096)),
        ConfigKey("query.max_chars", .integer(\.query.maxCharacters, 16...100_000)),
        ConfigKey("query.max_knowledge_bases", .integer(\.query.maxKnowledgeBases, 1...1000)),
        ConfigKey("query.cache.enabled", .boolean(\.query.cacheEnabled)),
        ConfigKey("query.cache.max_entries", .integer(\.query.cacheMaxEntries, 0...10_000_000)),
        ConfigKey("query.cache.ttl_seconds", .number(\.query.cacheTTLSeconds, 1...(30 * 86_400))),
        ConfigKey("query.cache.semantic_threshold", .number(\.query.cacheSemanticThreshold, 0.5...1)),
        ConfigKey("query.chunk_cache_bytes", .integer(\.query.chunkCacheBytes, 0...(1 << 36))),
        ConfigKey("query.history_retention_days", .integer(\.query.historyRetentionDays, 0...36_500)),
        ConfigKey("query.trace_retention_days", .integer(\.query.traceRetentionDays, 1...36_500)),
        ConfigKey("partition.max_pages", .integer(\.partition.maxPages, 1...1_000_000)),
        ConfigKey("partition.max_seconds", .number(\.partition.maxSeconds, 1...86_400)),
        ConfigKey("partition.max_decompressed_bytes", .integer(\.partition.maxDecompressedBytes, 1_048_576...(1 << 40))),
        ConfigKey("partition.max_compression_ratio", .number(\.partition.maxCompressionRatio, 10...100_000)),
        ConfigKey("partition.max_nesting_depth", .integer(\.partition.maxNestingDepth, 8...10_000)),
        ConfigKey("knowledge_base_defaults.chunking.strategy", .text(\.knowledgeBaseDefaults.chunkingStrategy,
                  allowed: ["recursive", "sentence", "fixed", "parent_child"])),
        ConfigKey("knowledge_base_defaults.chunking.chunk_size", .integer(\.knowledgeBaseDefaults.chunkSize, 16...8192)),
        ConfigKey("knowledge_base_defaults.chunking.chunk_overlap", .integer(\.knowledgeBaseDefaults.chunkOverlap, 0...4096)),
        ConfigKey("knowledge_base_defaults.chunking.unit", .text(\.knowledgeBaseDefaults.chunkUnit, allowed: ["tokens", "chars"])),
        ConfigKey("knowledge_base_defaults.chunking.parent_chunk_size",
                  .integer(\.knowledgeBaseDefaults.parentChunkSize, 32...65_536)),
        ConfigKey("knowledge_base_defaults.embedding.provider", .text(\.knowledgeBaseDefaults.embeddingProvider,
                  allowed: ["local", "openai", "ollama", "hash"])),
        ConfigKey("knowledge_base_defaults.embedding.model", .text(\.knowledgeBaseDefaults.embeddingModel, allowed: nil)),
        ConfigKey("knowledge_base_defaults.retrieval.mode", .text(\.knowledgeBaseDefaults.retrievalMode,
                  allowed: ["hybrid", "dense", "lexical"])),
        ConfigKey("knowledge_base_defaults.retrieval.top_k", .integer(\.knowledgeBaseDefaults.topK, 1...100)),
        ConfigKey("knowledge_base_defaults.retrieval.fusion", .text(\.knowledgeBaseDefaults.fusion, allowed: ["rrf", "weighted"])),
        ConfigKey("knowledge_base_defaults.retrieval.alpha", .number(\.knowledgeBaseDefaults.alpha, 0...1)),
        ConfigKey("knowledge_base_defaults.retrieval.rerank", .text(\.knowledgeBaseDefaults.rerank,
                  allowed: ["none", "mmr", "cross_encoder"])),
        ConfigKey("knowledge_base_defaults.generation.provider", .text(\.knowledgeBaseDefaults.generationProvider,
                  allowed: ["extractive", "openai", "ollama"])),
        ConfigKey("knowledge_base_defaults.generation.model", .text(\.knowledgeBaseDefaults.generationModel, allowed: nil)),
        ConfigKey("knowledge_base_defaults.generation.temperature", .number(\.knowledgeBaseDefaults.temperature, 0...2)),
        ConfigKey("knowledge_base_defaults.generation.max_tokens", .integer(\.knowledgeBaseDefaults.maxTokens, 1...32_768)),
        ConfigKey("knowledge_base_defaults.generation.prompt", .text(\.knowledgeBaseDefaults.prompt, allowed: nil)),
        ConfigKey("providers.openai.base_url", .text(\.providers.openai.baseURL, allowed: nil)),
        ConfigKey("providers.openai.api_key", .text(\.providers.openai.apiKey, allowed: nil), secret: true, alias: "OPENAI_API_KEY"),
        ConfigKey("providers.openai.context_tokens", .integer(\.providers.openai.contextTokens, 512...10_000_000)),
        ConfigKey("providers.openai.connect_timeout_seconds", .number(\.providers.openai.connectTimeoutSeconds, 0.1...600)),
        ConfigKey("providers.openai.read_timeout_seconds", .number(\.providers.openai.readTimeoutSeconds, 0.1...3600)),
        ConfigKey("providers.openai.max_attempts", .integer(\.providers.openai.maxAttempts, 1...10)),
        ConfigKey("providers.openai.ca_file", .text(\.providers.openai.caFile, allowed: nil)),
        ConfigKey("providers.ollama.base_url", .text(\.providers.ollama.baseURL, allowed: nil)),
        ConfigKey("providers.ollama.api_key", .text(\.providers.ollama.apiKey, allowed: nil), secret: true),
        ConfigKey("providers.ollama.context_tokens", .integer(\.providers.ollama.contextTokens, 512...10_000_000)),
        ConfigKey("providers.ollama.connect_timeout_seconds", .number(\.providers.ollama.connectTimeoutSeconds, 0.1...600)),
        ConfigKey("providers.ollama.read_timeout_seconds", .number(\.providers.ollama.readTimeoutSeconds, 0.1...3600)),
        ConfigKey("providers.ollama.max_attempts", .integer(\.providers.ollama.maxAttempts, 1...10)),
        ConfigKey("providers.ollama.ca_file", .text(\.providers.ollama.caFile, allowed: nil)),
        ConfigKey("providers.price_table_file", .text(\.providers.priceTableFile, allowed: nil)),
        ConfigKey("providers.max_concurrent_calls", .integer(\.providers.maxConcurrentCalls, 1...10_000)),
    ]
}
