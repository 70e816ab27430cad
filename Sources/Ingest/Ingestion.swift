#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Chunking
import Embedding
import JSON
import Partition
import Store
import Synchronization
import Threading

/// Background ingestion: a fair run queue (`IngestScheduler`), a fixed set of worker threads, and the task
/// lifecycle in the database — claim (queued → running), process (`DocumentProcessor`, no transaction held),
/// commit (chunks replaced + document ready + task done + job settled, one transaction) or record the failure
/// (retry later, or fail the document and its task). Every commit re-checks that the task still runs, its job was
/// not canceled and its document still holds the version it processed, so a cancel, a delete or a newer version
/// that raced with processing always wins and nothing is ever written for a document that is gone.
///
/// Crash safety: the request that acknowledged a document committed its blob, row and task first; a task found
/// `running` at start-up is queued again, and writing chunks replaces by (document, index), so `kill -9` at any
/// moment neither loses an acknowledged document nor duplicates a chunk.
package final class Ingestion: Sendable {
    let database: Database
    private let blobs: BlobStore
    private let settings: IngestionSettings
    private let processor: DocumentProcessor
    private let scheduler: IngestScheduler
    let inFlight = InFlight()
    let now: @Sendable () -> Int64
    private let events: @Sendable (IngestEvent) -> Void
    package let searchUpdates: (any SearchIndexUpdates)?
    private let threads = Mutex<[OSThread]>([])
    private let tally = Mutex(IngestCounters())

    /// Ingestion over `database` and `blobs`; `now` is the wall clock in Unix milliseconds.
    package init(database: Database, blobs: BlobStore, settings: IngestionSettings,
                 counter: any TokenCounter = WhitespaceTokenCounter(),
                 embedders: @escaping EmbedderSource = { provider, model throws(EmbeddingError) in
                     try EmbedderCatalog.embedder(provider: provider, model: model)
                 },
                 searchUpdates: (any SearchIndexUpdates)? = nil,
                 now: @escaping @Sendable () -> Int64, events: @escaping @Sendable (IngestEvent) -> Void = { _ in }) {
        self.database = database
        self.searchUpdates = searchUpdates
        self.blobs = blobs
        self.settings = settings
        self.now = now
        self.events = events
        processor = DocumentProcessor(blobs: blobs, limits: settings.limits, counter: counter,
                                      embedBatch: max(1, settings.embedBatch), embedders: embedders)
        scheduler = IngestScheduler(now: now)
    }

    /// Tasks waiting to run.
    package var queueDepth: Int { scheduler.depth }
    /// Tasks running now.
    package var running: Int { inFlight.count }
    /// Totals since start.
    package var counters: IngestCounters { tally.withLock { $0 } }

    /// Recovers from the previous run — tasks left running are queued again, blobs nothing refers to are deleted —
    /// then queues every pending task and starts the workers. Call before the server accepts uploads: a blob stored
    /// by an upload whose transaction has not committed yet would look orphaned.
    package func start() throws {
        let requeued = try database.write { try WorkQueue.requeueInterrupted(on: $0) }
        let live = try database.read { try WorkQueue.liveBlobIDs(on: $0) }
        let removed = blobs.removeOrphans(keeping: live)
        let pending = try database.read { try WorkQueue.pendingTasks(on: $0) }
        for task in pending { scheduler.enqueue(Self.ref(task), notBefore: task.notBefore) }
        events(.recovered(requeued: requeued, pending: pending.count, orphanBlobsRemoved: removed))
        let workers = (0..<max(1, settings.workers)).map { index in
            OSThread.spawn(name: "ragd-ingest-\(index)") { [self] in
                while let ref = scheduler.take() {
                    run(ref)
                    // A burst of documents leaves the heap large (parsed files, embedding activations); once the
                    // queue is empty, hand the freed pages back so the steady serving footprint stays small.
                    if scheduler.depth == 0 && inFlight.count == 0 { malloc_trim(0) }
                }
            }
        }
        threads.withLock { $0 = workers }
    }

    /// Stops taking tasks, interrupts the running ones (they go back to the queue for the next start) and waits for
    /// the workers.
    package func shutdown() {
        scheduler.close()
        inFlight.stop(.shutdown) { _, _ in true }
        for thread in threads.withLock({ threads in defer { threads = [] }; return threads }) { thread.join() }
    }

    /// Queues the tasks of a committed intake or re-index.
    package func submit(_ tasks: [JobTaskRecord]) {
        for task in tasks { scheduler.enqueue(Self.ref(task), notBefore: task.notBefore) }
    }

    /// Deletes blobs nothing refers to (after an intake's transaction, or when it failed).
    package func discardBlobs(_ ids: [String]) {
        for id in ids { blobs.delete(id) }
    }

    // MARK: The task lifecycle

    private struct Claim {
        let task: JobTaskRecord
        let document: DocumentRecord
        let role: Role
        /// The knowledge base's config as stored when the task was claimed (compared again at commit).
        let configText: String
        let config: KnowledgeBaseConfig
        let started: UInt64
    }

    private static func ref(_ task: JobTaskRecord) -> TaskRef {
        TaskRef(orgID: task.orgID, jobID: task.jobID, documentID: task.documentID)
    }

    private func run(_ ref: TaskRef) {
        let org = OrgID(ref.orgID)
        let claim: Claim?
        do {
            claim = try self.claim(ref, in: org)
        } catch {
            // The database refused (busy disk, closing): try again shortly rather than losing the task until the
            // next start.
            events(.internalError("claiming \(ref.jobID)/\(ref.documentID): \(error)"))
            scheduler.enqueue(ref, notBefore: now() + 2000)
            return
        }
        guard let claim else { return }
        let signal = inFlight.register(ref, kb: claim.document.kbID)
        defer { inFlight.remove(ref) }
        let claimedAt = now()
        var lastWrite = claimedAt
        var lastStage = claim.task.stage
        do {
            let document = claim.role == .update
                ? (PendingVersion(json: claim.task.pending).map { $0.applied(to: claim.document, blob: claim.task.blobID) }
                    ?? claim.document)
                : claim.document
            let processed = try processor.process(
                document, config: claim.config, signal: signal,
                reusable: { [database] in
                    try database.read { try ChunkRepository.embeddings(document: ref.documentID, in: org, on: $0) }
                },
                progress: { stage, done, total in
                    // Short documents finish before their progress is worth a write; long ones report each stage
                    // and then at most once per interval.
                    let time = now()
                    let interval = settings.progressIntervalMilliseconds
                    guard time - claimedAt >= interval, stage != lastStage || time - lastWrite >= interval else { return }
                    lastWrite = time
                    lastStage = stage
                    try? report(ref, in: org, stage: stage, done: done, total: total)
                })
            try commit(processed, claim: claim, ref: ref, in: org)
        } catch let failure as TaskFailure {
            record(failure, claim: claim, ref: ref, in: org)
        } catch {
            // The database refused the commit (disk full, closed at shutdown): try to record it; if that fails
            // too, the task stays `running` and the next start queues it again.
            record(TaskFailure(kind: .transient, code: "storage_unavailable", message: "Saving the chunks failed."),
                   claim: claim, ref: ref, in: org)
        }
    }

    /// queued → running, or nil when the task is not to be run now (canceled, superseded, gone, already done by
    /// another job, given up, or waiting for another job that is processing the same document).
    private func claim(_ ref: TaskRef, in org: OrgID) throws -> Claim? {
        let time = now()
        var retryAt: Int64?
        var gaveUp: String?
        let claim: Claim? = try database.write { db in
            try db.transaction(.immediate) {
                guard var task = try JobRepository.task(job: ref.jobID, document: ref.documentID, in: org, on: db),
                      task.status == "queued" else { return nil }
                guard let job = try JobRepository.find(ref.jobID, in: org, on: db),
                      let document = try DocumentRepository.find(ref.documentID, in: org, on: db),
                      let kb = try KnowledgeBaseRepository.find(document.kbID, in: org, on: db),
                      !job.cancelRequested, Role(task, job: job).applies(task, to: document) else {
                    try Self.finish(ref, status: "canceled", code: "superseded",
                                    message: "The document changed or was canceled before processing started.",
                                    in: org, now: time, on: db)
                    return nil
                }
                let role = Role(task, job: job)
                if role == .first && document.status == "ready" {
                    // Another job processed this very content meanwhile (a duplicate upload waiting on it).
                    try Self.finish(ref, status: "done", code: nil, message: nil, in: org, now: time, on: db)
                    return nil
                }
                if role == .first, document.status == "processing",
                   try JobRepository.hasOtherRunningTask(of: document.id, besides: ref.jobID, in: org, on: db) {
                    // Another job is processing it right now: wait for its outcome instead of doing it twice.
                    retryAt = time + 1000
                    return nil
                }
                guard task.attempts < settings.maxAttempts else {
                    // Claimed that many times without finishing: processing it stops the process (a crash), so it
                    // is not tried again.
                    task.status = "running"
                    try JobRepository.save(task, in: org, on: db)
                    gaveUp = try Self.fail(task, role: role, document: document,
                                           failure: TaskFailure(kind: .permanent, code: "processing_interrupted",
                                                                message: "Processing this document was interrupted \(task.attempts) times; it is not tried again."),
                                           in: org, now: time, on: db)
                    try JobSettlement.settle(ref.jobID, in: org, now: time, on: db)
                    return nil
                }
                task.status = "running"
                task.attempts += 1
                task.stage = "partition"
                task.done = 0
                task.total = 0
                try JobRepository.save(task, in: org, on: db)
                if role == .first && document.status != "processing" {
                    var processing = document
                    processing.status = "processing"
                    processing.updatedAt = time
                    try DocumentRepository.save(processing, in: org, on: db)
                }
                try JobSettlement.settle(ref.jobID, in: org, now: time, on: db)
                return Claim(task: task, document: document, role: role, configText: kb.config,
                             config: KnowledgeBaseConfig.stored(kb.config), started: MonotonicClock.now)
            }
        }
        if let retryAt { scheduler.enqueue(ref, notBefore: retryAt) }
        if let gaveUp { blobs.delete(gaveUp) }
        return claim
    }

    private func report(_ ref: TaskRef, in org: OrgID, stage: String, done: Int, total: Int) throws {
        try database.write { db in
            guard var task = try JobRepository.task(job: ref.jobID, document: ref.documentID, in: org, on: db),
                  task.status == "running" else { return }
            task.stage = stage
            task.done = done
            task.total = total
            try JobRepository.save(task, in: org, on: db)
        }
    }

    /// The running task, its document and job, if this claim may still write; nil when it was superseded or
    /// deleted meanwhile.
    private static func current(_ ref: TaskRef, claim: Claim, in org: OrgID, on db: SQLiteConnection) throws
        -> (task: JobTaskRecord, document: DocumentRecord, job: JobRecord)? {
        guard let task = try JobRepository.task(job: ref.jobID, document: ref.documentID, in: org, on: db),
              task.status == "running", let job = try JobRepository.find(ref.jobID, in: org, on: db),
              let document = try DocumentRepository.find(ref.documentID, in: org, on: db),
              claim.role.applies(task, to: document) else { return nil }
        return (task, document, job)
    }

    private enum Outcome {
        case ready(finishedJob: JobRecord?, replacedBlob: String?, document: DocumentRecord, generation: Int64)
        case canceled(droppedBlob: String?, finishedJob: JobRecord?)
        case superseded
        /// The knowledge base's config changed while the task ran: run it again under the new one.
        case rerun
    }

    private func commit(_ processed: ProcessedDocument, claim: Claim, ref: TaskRef, in org: OrgID) throws {
        let time = now()
        let outcome: Outcome = try database.write { db in
            let outcome: Outcome = try db.transaction(.immediate) {
                guard let (task, document, job) = try Self.current(ref, claim: claim, in: org, on: db) else {
                    try Self.finish(ref, status: "canceled", code: "superseded",
                                    message: "A newer version or a delete replaced this one.", in: org, now: time, on: db)
                    return .superseded
                }
                if job.cancelRequested {
                    let dropped = try Self.release(task, role: claim.role, document: document, in: org, now: time, on: db)
                    return .canceled(droppedBlob: dropped,
                                     finishedJob: try JobSettlement.settle(ref.jobID, in: org, now: time, on: db))
                }
                guard try KnowledgeBaseRepository.find(document.kbID, in: org, on: db)?.config == claim.configText else {
                    try Self.requeue(task, role: claim.role, document: document, attempts: max(0, task.attempts - 1),
                                     notBefore: 0, failure: nil, in: org, now: time, on: db)
                    return .rerun
                }
                try ChunkRepository.replace(document: document.id, with: processed.chunks, in: org, on: db)
                var ready = document
                var replaced: String?
                if claim.role == .update, let version = PendingVersion(json: task.pending) {
                    ready = version.applied(to: document, blob: task.blobID)
                    replaced = document.blobID
                }
                ready.status = "ready"
                ready.errorCode = nil
                ready.errorMessage = nil
                ready.contentType = processed.format.mediaType
                ready.pages = processed.pages
                ready.documentMetadata = processed.metadata.serializedText
                ready.chunkCount = processed.chunks.count
                ready.tokenCount = processed.tokens
                if ready.title.isEmpty { ready.title = processed.title ?? ready.filename ?? "" }
                ready.updatedAt = time
                try DocumentRepository.save(ready, in: org, on: db)
                var finished = task
                finished.status = "done"
                finished.stage = "done"
                finished.done = max(task.total, 1)
                finished.total = max(task.total, 1)
                finished.errorCode = nil
                finished.errorMessage = nil
                try JobRepository.save(finished, in: org, on: db)
                return .ready(finishedJob: try JobSettlement.settle(ref.jobID, in: org, now: time, on: db),
                              replacedBlob: replaced, document: ready,
                              generation: try KnowledgeBaseRepository.advanceIndexGeneration(of: ready.kbID, in: org, on: db))
            }
            if case .ready(_, _, let document, let generation) = outcome {
                searchUpdates?.documentChanged(SearchableDocument(document), chunks: SearchableChunk.searchable(processed.chunks),
                                               kb: document.kbID, org: org.rawValue, generation: generation)
            }
            return outcome
        }
        switch outcome {
        case .ready(let finishedJob, let replacedBlob, _, _):
            if let replacedBlob { blobs.delete(replacedBlob) }
            let nanoseconds = MonotonicClock.now - claim.started
            tally.withLock {
                $0.succeeded += 1
                $0.chunksWritten += processed.chunks.count
                $0.chunksEmbedded += processed.embedded
                $0.processingNanoseconds += nanoseconds
                $0.embeddingNanoseconds += processed.embedNanoseconds
            }
            let elapsed = Int64(nanoseconds / 1_000_000)
            events(.documentReady(org: org.rawValue, document: ref.documentID, job: ref.jobID,
                                  chunks: processed.chunks.count, embedded: processed.embedded, milliseconds: elapsed))
            if let finishedJob { report(finishedJob) }
        case .canceled(let dropped, let finishedJob):
            if let dropped { blobs.delete(dropped) }
            tally.withLock { $0.canceled += 1 }
            if let finishedJob { report(finishedJob) }
        case .superseded:
            break
        case .rerun:
            scheduler.enqueue(ref)
        }
    }

    private func record(_ failure: TaskFailure, claim: Claim, ref: TaskRef, in org: OrgID) {
        let time = now()
        var retryAt: Int64?
        var recorded = false
        var dropped: String?
        var finishedJob: JobRecord?
        do {
            try database.write { db in
                try db.transaction(.immediate) {
                    guard let (task, document, job) = try Self.current(ref, claim: claim, in: org, on: db) else {
                        try Self.finish(ref, status: "canceled", code: "superseded",
                                        message: "A newer version or a delete replaced this one.", in: org, now: time, on: db)
                        return
                    }
                    if case .stopped(.canceled) = failure.kind {
                        dropped = try Self.release(task, role: claim.role, document: document, in: org, now: time, on: db)
                    } else if job.cancelRequested {
                        dropped = try Self.release(task, role: claim.role, document: document, in: org, now: time, on: db)
                    } else if case .stopped(.shutdown) = failure.kind {
                        // Not the task's fault: back to the queue without using up an attempt.
                        try Self.requeue(task, role: claim.role, document: document, attempts: max(0, task.attempts - 1),
                                         notBefore: 0, failure: nil, in: org, now: time, on: db)
                    } else if case .transient = failure.kind, task.attempts < settings.maxAttempts {
                        let delay = settings.retryBaseSeconds * Double(1 << (2 * (task.attempts - 1)))
                        retryAt = time + Int64(delay * 1000)
                        try Self.requeue(task, role: claim.role, document: document, attempts: task.attempts,
                                         notBefore: retryAt!, failure: failure, in: org, now: time, on: db)
                        recorded = true
                    } else {
                        dropped = try Self.fail(task, role: claim.role, document: document, failure: failure, in: org,
                                                now: time, on: db)
                        recorded = true
                    }
                    finishedJob = try JobSettlement.settle(ref.jobID, in: org, now: time, on: db)
                }
            }
        } catch {
            events(.internalError("recording the failure of \(ref.jobID)/\(ref.documentID): \(error)"))
            return
        }
        if let dropped { blobs.delete(dropped) }
        if let finishedJob { report(finishedJob) }
        guard recorded else {
            if case .stopped(.canceled) = failure.kind { tally.withLock { $0.canceled += 1 } }
            return
        }
        if let retryAt {
            tally.withLock { $0.retried += 1 }
            scheduler.enqueue(ref, notBefore: retryAt)
        } else {
            tally.withLock { $0.failed += 1 }
        }
        events(.documentFailed(org: org.rawValue, document: ref.documentID, job: ref.jobID, code: failure.code,
                               message: failure.message, retryInSeconds: retryAt.map { Double($0 - time) / 1000 }))
    }

    private func report(_ job: JobRecord) {
        events(.jobFinished(org: job.orgID, job: job.id, kind: job.kind, status: job.status,
                            milliseconds: (job.finishedAt ?? 0) - job.createdAt))
    }
}
