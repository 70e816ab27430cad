#if canImport(Glibc)
import JSON
import Glibc
#endif
import Auth
import Chunking
import Embedding
import Ingest
import Observability
import Server
import Store
import Synchronization

/// ragd assembled: configuration, logs, metrics, the database and the HTTP server, with the start-up and shutdown
/// sequence. `ragd serve` is this plus signal handling.
package final class Application: Sendable {
    /// The effective configuration.
    package let config: RagdConfig
    /// The root logger.
    package let logger: Logger
    /// Every metric ragd exports.
    package let registry: MetricsRegistry
    /// What `/ready` reports.
    package let readiness = Readiness()
    private let running = Mutex<Running?>(nil)

    private struct Running: @unchecked Sendable {
        let server: HTTPServer
        let database: Database
        let runtime: AuthRuntime
        let housekeeping: Housekeeping
        let ingestion: Ingestion
        let indexes: SearchIndexes
        let warmUp: IndexWarmUp
        let recorder: QueryRecorder
        /// The data directory's lock file, held while running.
        let lock: Int32
    }

    private let environment: [String: String]
    private let clock: any Clock
    private let statementObserver: (@Sendable (String) -> Void)?

    /// Prepares the application; nothing is opened or bound until `start`. `environment` supplies secrets and the
    /// bootstrap owner (`RAGD_TOKEN_SIGNING_KEY`, `RAGD_BOOTSTRAP_*`); `clock` is injectable for tests.
    package init(config: RagdConfig, logSink: any LogSink, environment: [String: String] = [:],
                 clock: any Clock = SystemClock(), statementObserver: (@Sendable (String) -> Void)? = nil) {
        self.config = config
        self.environment = environment
        self.clock = clock
        self.statementObserver = statementObserver
        logger = Logger(level: LogLevel(parsing: config.log.level) ?? .info, sink: logSink)
        registry = MetricsRegistry()
        ProcessMetrics.register(in: registry)
        registry.gauge(name: "ragd_build_info", help: "Build information; always 1.", labelNames: ["version"])
            .labels(RagdVersion.current).set(1)
        registry.gaugeFunction(name: "ragd_ready", help: "1 when ready for traffic, 0 while starting or draining.") {
            [readiness] in readiness.state == .ready ? 1 : 0
        }
    }

    /// Opens the data directory and database, starts the server, and reports ready. Returns the bound address.
    @discardableResult
    package func start() throws -> SocketAddress {
        try DataDirectory.create(config.dataDirectory)
        let lock = try DataDirectory.lock(config.dataDirectory)
        var started = false
        defer { if !started { close(lock) } }
        var databaseConfiguration = Database.Configuration(
            location: .file(config.dataDirectory + "/ragd.sqlite"),
            migrations: Schema.migrations,
            readerCount: config.database.readConnections,
            busyTimeout: .milliseconds(config.database.busyTimeoutMilliseconds),
            integrityCheckOnOpen: config.database.integrityCheckOnStart)
        databaseConfiguration.statementObserver = statementObserver
        let database = try Database(databaseConfiguration)
        // From here on, failures close the database themselves; the lock goes last (on shutdown, after it).
        if !database.appliedMigrations.isEmpty {
            logger.info("database migrated", [("applied", .int(database.appliedMigrations.count)),
                                               ("version", .int(database.appliedMigrations.last!.version))])
        }
        let runtime: AuthRuntime
        let storage: Storage
        do {
            runtime = AuthRuntime(config: config,
                                  signingKey: try Secrets.load(.tokenSigning, config: config, environment: environment), clock: clock)
            storage = try Storage.open(config: config, environment: environment)
        } catch {
            database.close()
            throw error
        }
        let server: HTTPServer
        let address: SocketAddress
        let recorder = QueryRecorder(database: database, logger: logger)
        recorder.register(in: registry)
        let embedders = Embedders(settings: config.embedderSettings)
        let indexes = SearchIndexes(database: database, hnsw: config.hnswParameters,
                                    snapshots: IndexSnapshots(directory: config.dataDirectory + "/indexes"))
        let ingestion = Ingestion(database: database, blobs: storage.blobs, settings: config.ingestionSettings,
                                  counter: embedders.tokenizer.map { $0 as any TokenCounter } ?? WhitespaceTokenCounter(),
                                  embedders: { [embedders] provider, model throws(EmbeddingError) in
                                      try embedders.embedder(provider: provider, model: model)
                                  },
                                  searchUpdates: indexes,
                                  now: { [runtime] in runtime.nowMilliseconds }, events: IngestLog.sink(logger))
        do {
            try runtime.loadRevocations(from: database)
            if let owner = try Bootstrap.createOwnerIfNeeded(environment: environment, runtime: runtime,
                                                             database: database) {
                logger.info("bootstrap owner created", [("user_id", .string(owner.id)), ("org_id", .string(owner.orgID))])
            }
            // Before the server accepts uploads: recovery deletes blobs no row names yet.
            try ingestion.start()
            server = try makeServer(runtime: runtime, database: database, storage: storage, ingestion: ingestion,
                                    search: (indexes, embedders), recorder: recorder)
            address = try server.start()
        } catch {
            ingestion.shutdown()
            recorder.shutdown()
            runtime.passwordPool.shutdown()
            database.close()
            throw error
        }
        let housekeeping = Housekeeping(database: database, runtime: runtime, logger: logger,
                                        retention: .init(historyDays: config.query.historyRetentionDays,
                                                         traceDays: config.query.traceRetentionDays))
        let warmUp = IndexWarmUp(database: database, indexes: indexes, embedders: embedders, logger: logger)
        running.withLock {
            $0 = Running(server: server, database: database, runtime: runtime, housekeeping: housekeeping,
                         ingestion: ingestion, indexes: indexes, warmUp: warmUp, recorder: recorder,
                         lock: lock)
        }
        started = true
        readiness.set(.ready)
        logger.info("listening", [("address", .string(address.description)), ("port", .int(address.port)),
                                  ("env", .string(config.environment.rawValue)),
                                  ("version", .string(RagdVersion.current))])
        return address
    }

    /// Graceful shutdown: not ready, drain in-flight requests (up to the grace period), close the database.
    /// Returns whether every request finished in time.
    @discardableResult
    package func shutdown() -> Bool {
        guard let current = running.withLock({ state in defer { state = nil }; return state }) else { return true }
        readiness.set(.draining)
        logger.info("draining", [("grace_seconds", .double(config.server.shutdownGracePeriod)),
                                 ("open_connections", .int(current.server.stats.openConnections))])
        let drained = current.server.shutdown()
        // Running documents stop and go back to the queue; the next start picks them up.
        current.ingestion.shutdown()
        current.housekeeping.shutdown()
        // Every answered query's history row is written before the database closes.
        current.recorder.shutdown()
        current.warmUp.shutdown()
        current.indexes.shutdown()
        // Nothing changes the indexes any more: save them so the next start reads files instead of re-indexing.
        for failure in current.indexes.saveSnapshots() {
            logger.warn("index snapshot failed", [("kb_id", .string(failure.kbID)),
                                                  ("error", .string(String(describing: failure.error)))])
        }
        current.runtime.passwordPool.shutdown(wait: drained)
        current.database.close()
        close(current.lock)
        logger.info("stopped", [("drained", .bool(drained))])
        return drained
    }

    private func makeServer(runtime: AuthRuntime, database: Database, storage: Storage, ingestion: Ingestion,
                            search: (indexes: SearchIndexes, embedders: Embedders), recorder: QueryRecorder) throws
        -> HTTPServer {
        let openAPI = Mutex<[UInt8]>([])
        var endpoints = OperationsEndpoints.make(
            readiness: readiness, registry: registry, metricsToken: config.metrics.enabled ? config.metrics.authToken : "",
            openAPI: { openAPI.withLock { $0 } })
            .filter { config.metrics.enabled || $0.path != "/metrics" }
        let access = AccessControl(runtime: runtime, authenticator: Authenticator(runtime: runtime, database: database),
                                   database: database)
        let accounts = AccountService(runtime: runtime, database: database)
        endpoints += AuthEndpoints.make(access: access, accounts: accounts, limits: config)
        endpoints += APIKeyEndpoints.make(access: access, keys: APIKeyService(runtime: runtime, database: database),
                                          jsonLimit: config.jsonBodyBytes)
        endpoints += UserEndpoints.make(access: access, users: UserService(accounts: accounts),
                                        jsonLimit: config.jsonBodyBytes, history: recorder)
        endpoints += AuditEndpoints.make(access: access, database: database)
        let now: @Sendable () -> Int64 = { [runtime] in runtime.nowMilliseconds }
        let knowledgeBases = KnowledgeBaseService(database: database, ingestion: ingestion,
                                                  defaults: try config.knowledgeBaseDefaultConfig(),
                                                  remoteEmbedding: search.embedders.remoteProviders, now: now)
        endpoints += KnowledgeBaseEndpoints.make(access: access, service: knowledgeBases, jsonLimit: config.jsonBodyBytes)
        let ingest = IngestService(
            database: database, blobs: storage.blobs, ingestion: ingestion,
            limits: .init(maxFileBytes: config.ingest.maxFileBytes, maxJSONBytes: config.ingest.maxJSONBytes,
                          maxDocuments: config.ingest.maxDocumentsPerRequest),
            now: now)
        endpoints += IngestEndpoints.make(access: access, service: ingest, knowledgeBases: knowledgeBases,
                                          uploadDirectory: storage.uploads, maxRequestBytes: config.server.limits.maxBodyBytes)
        let prompts = PromptService(database: database, now: now)
        let cache = QueryCache<CachedAnswer>(settings: config.queryCacheSettings)
        let queries = QueryService(database: database, indexes: search.indexes, embedders: search.embedders,
                                   limits: .init(maxQueryCharacters: config.query.maxCharacters,
                                                 maxKnowledgeBases: config.query.maxKnowledgeBases),
                                   metrics: QueryMetrics(registry: registry), recorder: recorder, prompts: prompts,
                                   models: try config.languageModels(), cache: cache,
                                   chunks: ChunkCache(capacityBytes: config.query.chunkCacheBytes), now: now)
        endpoints += QueryEndpoints.make(access: access, service: queries, jsonLimit: config.jsonBodyBytes)
        endpoints += HistoryEndpoints.make(access: access, service: HistoryService(database: database, recorder: recorder,
                                                                                   now: now),
                                           jsonLimit: config.jsonBodyBytes)
        endpoints += PromptEndpoints.make(access: access, service: prompts, jsonLimit: config.jsonBodyBytes)
        registry.gaugeFunction(name: "ragd_query_cache_entries", help: "Answers held by the query cache.") {
            Double(cache.count)
        }
        openAPI.withLock {
            $0 = OpenAPIDocument.build(endpoints, schemas: AccountSchemas.all + KnowledgeSchemas.all + QuerySchemas.all,
                                       version: RagdVersion.current).serialized()
        }
        var router = Router()
        router.add(endpoints)
        var middleware: [any Middleware] = [RequestIDMiddleware()]
        if config.log.access { middleware.append(AccessLogMiddleware(logger: logger.with([("type", "access")]))) }
        middleware.append(MetricsMiddleware(metrics: HTTPMetrics(registry: registry)))
        middleware.append(ErrorMiddleware(logger: logger))
        let logger = self.logger
        var serverConfiguration = config.server
        if serverConfiguration.workers == 0 && !config.configuredProviders.isEmpty {
            // Remote model calls wait on a worker each; give them their own share (see providers.max_concurrent_calls).
            serverConfiguration.workers = serverConfiguration.resolvedWorkers + config.providers.maxConcurrentCalls
        }
        let server = HTTPServer(configuration: serverConfiguration, router: router, middleware: middleware) { event in
            switch event {
            case .acceptFailed(let error): logger.error("accept failed", [("error", .string(error.description))])
            case .connectionRejected(let peer):
                logger.warn("connection refused at limit", [("remote", .string(peer.host))])
            case .unhandledError(let text): logger.error("unhandled server error", [("error", .string(text))])
            case .streamFailed(let text): logger.error("stream failed", [("error", .string(text))])
            }
        }
        ServerMetrics.register(server, in: registry)
        let passwords = runtime.passwordPool
        registry.gaugeFunction(name: "ragd_password_hash_queue_depth", help: "Sign-ins waiting for a hashing thread.") {
            Double(passwords.queueDepth)
        }
        registry.counterFunction(name: "ragd_password_hash_rejected_total",
                                 help: "Sign-ins answered 503 because the hashing queue was full.") {
            Double(passwords.rejected)
        }
        IngestLog.registerMetrics(ingestion, in: registry)
        return server
    }
}

/// The running version.
package enum RagdVersion {
    /// Semantic version of this build.
    package static let current = "0.1.0"
}

/// Creates the data directory (and parents) with owner-only permissions: it holds the database and secrets.
enum DataDirectory {
    struct CreationError: Error, CustomStringConvertible {
        let description: String
    }

    static func create(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
                throw CreationError(description: "cannot create data directory \(prefix): \(String(cString: strerror(errno)))")
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw CreationError(description: "data directory \(path) is not a directory")
        }
    }

    /// Takes `path/ragd.lock` for this process (released when the process ends, however it ends). Two servers on
    /// one data directory would each treat the other's uploads as leftovers and process the same tasks twice.
    static func lock(_ path: String) throws -> Int32 {
        let fd = open(path + "/ragd.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CreationError(description: "cannot create \(path)/ragd.lock: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw CreationError(description: "data directory \(path) is in use by another ragd process")
        }
        return fd
    }
}
