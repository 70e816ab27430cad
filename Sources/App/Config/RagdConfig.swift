import Server

/// Everything ragd can be configured with. The defaults here are the embedded defaults; `configs/ragd.yaml`
/// documents each key with the same value (a test keeps the two equal).
package struct RagdConfig: Sendable {
    /// `development` generates missing secrets and allows open registration; `production` refuses to start without
    /// secrets.
    package enum Environment: String, Sendable, CaseIterable {
        case development
        case production
    }

    /// The deployment mode.
    package var environment = Environment.development
    /// Where the database, secrets and index snapshots live.
    package var dataDirectory = "./data"
    /// The HTTP server.
    package var server = ServerConfiguration.ragdDefaults
    /// The body limit of JSON API routes (uploads have their own, `server.limits.body_bytes`).
    package var jsonBodyBytes = 1024 * 1024
    /// SQLite.
    package var database = DatabaseSettings()
    /// Logging.
    package var log = LogSettings()
    /// The /metrics endpoint.
    package var metrics = MetricsSettings()
    /// Accounts, tokens and passwords.
    package var auth = AuthSettings()
    /// Request rate limits.
    package var rateLimits = RateLimitSettings()
    /// Stored documents.
    package var storage = StorageSettings()
    /// Background ingestion.
    package var ingest = IngestSettings()
    /// Hard limits of document parsing.
    package var partition = PartitionSettings()
    /// The local embedding model and the embedding cache.
    package var embedding = EmbeddingSettings()
    /// Search indexes.
    package var search = SearchSettings()
    /// Limits on queries.
    package var query = QuerySettings()
    /// The configuration a knowledge base starts with.
    package var knowledgeBaseDefaults = KnowledgeBaseDefaults()
    /// Remote model providers (generation, HyDE, condensing, remote embeddings) and their prices.
    package var providers = ProvidersSettings()

    /// The embedded defaults.
    package init() {}

    /// SQLite settings.
    package struct DatabaseSettings: Sendable {
        /// How long a reader waits on a lock before failing.
        package var busyTimeoutMilliseconds = 5000
        /// Read-only connections in the pool.
        package var readConnections = 4
        /// Run `PRAGMA integrity_check` before serving (slow on large databases).
        package var integrityCheckOnStart = false
    }

    /// Log settings.
    package struct LogSettings: Sendable {
        /// debug, info, warn or error.
        package var level = "info"
        /// One line per request.
        package var access = true
    }

    /// /metrics settings.
    package struct MetricsSettings: Sendable {
        /// Serve /metrics at all.
        package var enabled = true
        /// When set, /metrics requires `Authorization: Bearer <token>`.
        package var authToken = ""
    }
}

/// Accounts, tokens and passwords.
package struct AuthSettings: Sendable {
    /// Open registration: `auto` (open in development, closed in production), `true` or `false`.
    package var allowSignup = "auto"
    /// The `iss` claim of access tokens.
    package var issuer = "ragd"
    /// The `aud` claim of access tokens.
    package var audience = "ragd-api"
    /// Access token lifetime (at most 15 minutes).
    package var accessTokenSeconds = 900.0
    /// Refresh token lifetime; each use rotates it.
    package var refreshTokenSeconds = 7.0 * 86_400
    /// A session ends this long after login however often it is refreshed.
    package var sessionSeconds = 30.0 * 86_400
    /// File with the token signing key (at least 32 bytes, raw, hex or base64); generated in development.
    package var tokenSigningKeyFile = ""
    /// argon2id memory in KiB (OWASP: 19 MiB with 2 iterations).
    package var passwordMemoryKiB = 19_456
    /// argon2id iterations.
    package var passwordIterations = 2
    /// argon2id lanes.
    package var passwordParallelism = 1
    /// Password hashes computed at once (each holds password_memory_kib); 0 = one per core.
    package var passwordConcurrency = 0
    /// Logins that may wait for a hashing slot before 503.
    package var passwordQueue = 64
    /// Failed logins per account before delays start.
    package var loginFreeFailures = 5
    /// First delay after the free failures; doubles with each further failure.
    package var loginBaseDelaySeconds = 1.0
    /// Longest progressive delay.
    package var loginMaxDelaySeconds = 900.0
    /// Consecutive failures that lock an account (NIST SP 800-63B: at most 100).
    package var loginLockoutAfter = 100
    /// How long a locked account stays locked.
    package var loginLockoutSeconds = 3600.0
    /// Failed logins per client address before delays start.
    package var loginIPFreeFailures = 20
    /// Live API keys one user may hold.
    package var maxAPIKeysPerUser = 100
    /// Live API keys one organization may hold.
    package var maxAPIKeysPerOrganization = 1000
}

/// Token-bucket limits: per client address for unauthenticated routes, per user or API key (by organization tier)
/// for the rest.
package struct RateLimitSettings: Sendable {
    /// An organization's users and keys together may use this many times one principal's limit.
    package var organizationMultiplier = 10
    package var unauthenticatedPerMinute = 30
    package var unauthenticatedBurst = 10
    package var freePerMinute = 300
    package var freeBurst = 60
    package var teamPerMinute = 1200
    package var teamBurst = 200
    package var enterprisePerMinute = 6000
    package var enterpriseBurst = 1000
}

/// Stored documents.
package struct StorageSettings: Sendable {
    /// File with the AES-256 key of document blobs (32 bytes: hex, base64 or raw); generated in development.
    package var encryptionKeyFile = ""
}

/// Background ingestion.
package struct IngestSettings: Sendable {
    /// Threads parsing, chunking and embedding documents; 0 = one per core.
    package var workers = 0
    /// Largest single file accepted, in bytes.
    package var maxFileBytes = 100 * 1024 * 1024
    /// Largest JSON ingest request (base64 content included), in bytes.
    package var maxJSONBytes = 32 * 1024 * 1024
    /// Documents (or files) per request.
    package var maxDocumentsPerRequest = 1000
    /// Attempts of a document whose processing failed for a transient reason.
    package var maxAttempts = 3
    /// First retry delay; it quadruples with each further attempt.
    package var retryBaseSeconds = 2.0
}

/// Where the local model is and how it runs.
package struct EmbeddingSettings: Sendable {
    /// Folder with all-MiniLM-L6-v2's `model.safetensors` and `vocab.txt` (scripts/setup.sh puts it here).
    package var modelDirectory = "models/all-MiniLM-L6-v2"
    /// Threads one forward pass uses; 0 = one per core.
    package var threads = 0
    /// Texts per forward pass.
    package var batchSize = 32
    /// Bytes of recently computed vectors kept (queries and repeated chunks skip the model).
    package var cacheBytes = 64 * 1024 * 1024
}

/// HNSW parameters of every knowledge base's vector index.
package struct SearchSettings: Sendable {
    package var hnswM = 16
    package var hnswEfConstruction = 200
    package var hnswEfSearch = 64
}

/// Limits on one query.
package struct QuerySettings: Sendable {
    package var maxCharacters = 4_000
    package var maxKnowledgeBases = 20
    package var cacheEnabled = true
    package var cacheMaxEntries = 10_000
    package var cacheTTLSeconds = 3_600.0
    package var cacheSemanticThreshold = 0.95
    package var chunkCacheBytes = 64 << 20
    /// Days query history (questions, answers, citations) and idle conversations are kept; 0 keeps them forever.
    /// The usage rollup (GET /v1/org) is not affected.
    package var historyRetentionDays = 0
    /// Days query traces are kept (never longer than the history they belong to).
    package var traceRetentionDays = 30
}

/// One remote model provider.
package struct ProviderEndpointSettings: Sendable {
    package var baseURL: String
    package var apiKey = ""
    /// Tokens the provider's models accept (prompt + answer); the prompt budget follows from it.
    package var contextTokens: Int
    package var connectTimeoutSeconds = 10.0
    package var readTimeoutSeconds = 120.0
    package var maxAttempts = 3
    /// Extra trusted CA certificates (PEM), for a provider behind a private CA.
    package var caFile = ""
}

/// Remote model providers and the price table.
package struct ProvidersSettings: Sendable {
    package var openai = ProviderEndpointSettings(baseURL: "https://api.openai.com/v1", contextTokens: 16_384)
    /// Empty: Ollama is not used.
    package var ollama = ProviderEndpointSettings(baseURL: "", contextTokens: 8_192, readTimeoutSeconds: 300)
    /// Remote model calls in flight at once, at most (more answer 503 `provider_busy`). A call holds a worker thread
    /// while it waits on the provider, so with a provider configured and `server.workers` on auto the server adds
    /// this many workers: CPU-bound requests keep theirs however slow the provider is.
    package var maxConcurrentCalls = 16
    /// A JSON file of prices per million tokens, `{"openai:gpt-4o-mini": {"prompt": 0.15, "completion": 0.6}}`,
    /// merged over the built-in table.
    package var priceTableFile = ""
}

/// Hard limits of document parsing (see `PartitionLimits`).
package struct PartitionSettings: Sendable {
    package var maxPages = 10_000
    package var maxSeconds = 120.0
    package var maxDecompressedBytes = 512 * 1024 * 1024
    package var maxCompressionRatio = 200.0
    package var maxNestingDepth = 256
}

/// A new knowledge base's configuration, field by field (API.md's `config`).
package struct KnowledgeBaseDefaults: Sendable {
    package var chunkingStrategy = "recursive"
    package var chunkSize = 256
    package var chunkOverlap = 32
    package var chunkUnit = "tokens"
    package var parentChunkSize = 1024
    package var embeddingProvider = "local"
    package var embeddingModel = "all-MiniLM-L6-v2"
    package var retrievalMode = "hybrid"
    package var topK = 5
    package var fusion = "rrf"
    package var alpha = 0.5
    package var rerank = "none"
    package var generationProvider = "extractive"
    package var generationModel = ""
    package var temperature = 0.1
    package var maxTokens = 512
    package var prompt = ""
}

extension ServerConfiguration {
    /// ragd's server defaults: the library defaults, with a body ceiling sized for document uploads.
    package static var ragdDefaults: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.limits.maxBodyBytes = 256 * 1024 * 1024
        return configuration
    }
}
