import Chunking
import Crypto
import Embedding
@testable import Ingest
import JSON
import Partition
import Store
import Synchronization
import TestSupport
import Testing
import Threading

/// A database on disk, a blob store and an ingestion runtime, with one or more organizations each holding a
/// knowledge base. Builds what a request would (`stage` + `Intake.accept`) without HTTP.
final class IngestHarness: @unchecked Sendable {
    let directory = TemporaryDirectory(prefix: "ragd-ingest")
    let database: Database
    let blobs: BlobStore
    private(set) var ingestion: Ingestion!
    /// The search indexes ingestion keeps up to date (as in the server).
    let indexes: SearchIndexes
    /// The wall clock starts here and moves with the monotonic clock.
    static let epoch: Int64 = 1_800_000_000_000
    var settings: IngestionSettings

    init(workers: Int = 2, embedders: EmbedderSource? = nil, start: Bool = true, compactionMinimumTombstones: Int = 256,
         configure: (inout IngestionSettings) -> Void = { _ in }) throws {
        database = try Database(Database.Configuration(location: .file(directory.path + "/ragd.sqlite"),
                                                       migrations: Schema.migrations, readerCount: 2))
        blobs = try BlobStore(directory: directory.path + "/blobs", key: [UInt8](repeating: 9, count: 32))
        indexes = SearchIndexes(database: database, snapshots: IndexSnapshots(directory: directory.path + "/indexes"),
                                compactionMinimumTombstones: compactionMinimumTombstones)
        settings = IngestionSettings()
        settings.workers = workers
        settings.retryBaseSeconds = 0.05
        settings.progressIntervalMilliseconds = 0
        configure(&settings)
        makeIngestion(embedders: embedders)
        if start { try ingestion.start() }
    }

    /// A fresh runtime over the same database and blobs (a restart).
    func makeIngestion(embedders: EmbedderSource? = nil) {
        let wall: @Sendable () -> Int64 = { Self.epoch + Int64(MonotonicMillis.now) }
        if let embedders {
            ingestion = Ingestion(database: database, blobs: blobs, settings: settings, embedders: embedders,
                                  searchUpdates: indexes, now: wall)
        } else {
            ingestion = Ingestion(database: database, blobs: blobs, settings: settings, searchUpdates: indexes, now: wall)
        }
    }

    deinit {
        ingestion.shutdown()
        database.close()
        directory.remove()
    }

    var now: Int64 { Self.epoch + Int64(MonotonicMillis.now) }

    /// Creates organization `org` with knowledge base `kb` configured by `config` (a patch over the defaults).
    func makeKnowledgeBase(org: String = "org_a", kb: String = "kb_a", config: JSONValue = [:]) throws {
        let resolved = try KnowledgeBaseConfig().applying(config)
        try database.write { db in
            if try OrganizationRepository.find(OrgID(org), on: db) == nil {
                try OrganizationRepository.insert(OrganizationRecord(id: org, name: org, tier: "free", createdAt: 0), on: db)
            }
            try KnowledgeBaseRepository.insert(KnowledgeBaseRecord(id: kb, orgID: org, name: kb, description: "",
                                                                   config: resolved.json.serializedText,
                                                                   createdAt: 0, updatedAt: 0),
                                               in: OrgID(org), on: db)
        }
    }

    /// Stores `content` as a blob and describes it as an upload would.
    func stage(_ content: String, filename: String? = nil, type: String? = nil, externalID: String? = nil,
               title: String? = nil, metadata: String = "{}", org: String = "org_a") throws -> StagedDocument {
        try stage(bytes: Array(content.utf8), filename: filename, type: type, externalID: externalID, title: title,
                  metadata: metadata, org: org)
    }

    func stage(bytes: [UInt8], filename: String? = nil, type: String? = nil, externalID: String? = nil,
               title: String? = nil, metadata: String = "{}", org: String = "org_a") throws -> StagedDocument {
        StagedDocument(blob: try blobs.store(bytes, organization: org), filename: filename, declaredType: type,
                       title: title, externalID: externalID, metadata: metadata)
    }

    /// Accepts `documents` into `kb` and schedules their tasks, like the ingest endpoint.
    @discardableResult
    func ingest(_ documents: [StagedDocument], kb: String = "kb_a", org: String = "org_a", submit: Bool = true) throws
        -> IntakeReceipt {
        let time = now
        let receipt = try database.write { try Intake.accept(documents, kb: kb, org: OrgID(org), now: time, on: $0) }
        ingestion.discardBlobs(receipt.unreferencedBlobs)
        if submit { ingestion.submit(receipt.tasks) }
        return receipt
    }

    func job(_ id: String, org: String = "org_a") throws -> JobRecord? {
        try database.read { try JobRepository.find(id, in: OrgID(org), on: $0) }
    }

    func tasks(_ job: String, org: String = "org_a") throws -> [JobTaskRecord] {
        try database.read { try JobRepository.tasks(of: job, in: OrgID(org), on: $0) }
    }

    func document(_ id: String, org: String = "org_a") throws -> DocumentRecord? {
        try database.read { try DocumentRepository.find(id, in: OrgID(org), on: $0) }
    }

    func chunks(_ document: String, org: String = "org_a") throws -> [ChunkRecord] {
        try database.read { try ChunkRepository.list(document: document, in: OrgID(org), after: nil, limit: 10_000, on: $0).items }
    }

    /// Waits until job `id` has finished; returns it.
    func finished(_ id: String, org: String = "org_a", timeout: Double = 20) throws -> JobRecord {
        var job: JobRecord?
        var failure: (any Error)?
        _ = eventually(timeout) {
            do { job = try self.job(id, org: org) } catch { failure = error }
            return job?.finishedAt != nil
        }
        let result = try #require(job, "job \(id) was never read; last error: \(String(describing: failure))")
        #expect(result.finishedAt != nil, "job \(id) did not finish: \(result.status)")
        return result
    }

    /// Rows of `table` (for invariants such as "no duplicate chunks").
    func count(_ sql: String, _ arguments: SQLArguments = []) throws -> Int {
        try database.read { try $0.queryOne(sql, arguments) { try $0.get(0, as: Int.self) } ?? 0 }
    }
}

/// Milliseconds on the monotonic clock, so the harness's wall clock moves forward in real time.
enum MonotonicMillis {
    static var now: UInt64 { MonotonicClock.now / 1_000_000 }
}

/// An embedder that fails a number of times before working (transient or not), counting its calls.
final class FlakyEmbedder: Embedder, @unchecked Sendable {
    let model = "hash-64"
    let dimensions = 64
    private let failures: Atomic<Int>
    let transient: Bool
    let calls = Atomic<Int>(0)
    let texts = Atomic<Int>(0)

    init(failures: Int, transient: Bool = true) {
        self.failures = Atomic(failures)
        self.transient = transient
    }

    func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        calls.add(1, ordering: .relaxed)
        if failures.load(ordering: .relaxed) > 0 {
            failures.subtract(1, ordering: .relaxed)
            throw EmbeddingError(code: "provider_timeout", message: "The provider timed out.", isTransient: transient)
        }
        self.texts.add(texts.count, ordering: .relaxed)
        return try HashEmbedder(dimensions: 64).embed(texts)
    }
}
