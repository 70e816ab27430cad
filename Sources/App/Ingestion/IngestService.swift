import Ingest
import JSON
import Server
import Store

/// The ingest API behind the endpoints: accepting uploads (blobs made durable, then rows and job in one
/// transaction, then the tasks scheduled), and reading, canceling and deleting documents and jobs. Every lookup is
/// scoped to the caller's organization and, for API keys limited to some knowledge bases, to those.
final class IngestService: Sendable {
    let database: Database
    let blobs: BlobStore
    let ingestion: Ingestion
    let limits: IngestRequestReader.Limits
    private let now: @Sendable () -> Int64

    init(database: Database, blobs: BlobStore, ingestion: Ingestion, limits: IngestRequestReader.Limits,
         now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.blobs = blobs
        self.ingestion = ingestion
        self.limits = limits
        self.now = now
    }

    /// Accepts the documents of `request` into knowledge base `pathKB` (the knowledge-base route) or the body's
    /// `kb_id`.
    func ingest(_ caller: Caller, request: Request, pathKB: String?) throws -> IntakeReceipt {
        let reader = IngestRequestReader(blobs: blobs, limits: limits, organization: caller.org.rawValue)
        let upload = try reader.read(request)
        let staged = upload.documents.map(\.blob.id)
        do {
            let kbID: String
            switch (pathKB, upload.kbID) {
            case (let path?, let body?) where path != body:
                throw JSONBody.invalid("kb_id differs from the knowledge base in the path.", field: "kb_id")
            case (let path?, _):
                kbID = path
            case (nil, let body?):
                kbID = body
            case (nil, nil):
                throw JSONBody.invalid("Missing field 'kb_id'.", field: "kb_id")
            }
            guard caller.canAccess(knowledgeBase: kbID) else { throw KnowledgeBaseService.notFound }
            do {
                try blobs.makeDurable()
            } catch {
                throw HTTPError(.serviceUnavailable, code: "storage_unavailable",
                                message: "The upload could not be stored; try again later.", headers: ["Retry-After": "5"])
            }
            let time = now()
            let receipt: IntakeReceipt = try database.write { db in
                let committed = try db.transaction(.immediate) {
                    let receipt = try Intake.accept(upload.documents, kb: kbID, org: caller.org, now: time, on: db)
                    for document in receipt.documents where !document.deduplicated {
                        try AuditTrail.record(.documentIngested, by: .of(caller), in: caller.org,
                                              target: ("document", document.id), client: ClientInfo(caller),
                                              details: ["kb_id": kbID, "job_id": receipt.job.id], now: time, on: db)
                    }
                    return receipt
                }
                // Still on the writer thread, so search sees the changes in commit order.
                for (document, kb, generation) in committed.described {
                    ingestion.searchUpdates?.documentDescribed(document, kb: kb, org: caller.org.rawValue,
                                                               generation: generation)
                }
                return committed
            }
            ingestion.discardBlobs(receipt.unreferencedBlobs)
            ingestion.submit(receipt.tasks)
            return receipt
        } catch IntakeError.knowledgeBaseNotFound {
            ingestion.discardBlobs(staged)
            throw KnowledgeBaseService.notFound
        } catch {
            ingestion.discardBlobs(staged)
            throw error
        }
    }

    // MARK: Documents

    /// Whether `caller` may see document `id`.
    func isDocumentVisible(_ id: String, to caller: Caller) throws -> Bool {
        guard let document = try database.read({ try DocumentRepository.find(id, in: caller.org, on: $0) }) else {
            return false
        }
        return caller.canAccess(knowledgeBase: document.kbID)
    }

    func document(_ caller: Caller, id: String) throws -> DocumentRecord {
        guard let document = try database.read({ try DocumentRepository.find(id, in: caller.org, on: $0) }) else {
            throw Self.documentNotFound
        }
        return document
    }

    static let statuses = ["queued", "processing", "ready", "failed", "canceled"]

    func documents(_ caller: Caller, kb kbID: String, status: String?, page: Pagination) throws -> Page<DocumentRecord> {
        if let status, !Self.statuses.contains(status) {
            throw HTTPError(.badRequest, code: "invalid_status",
                            message: "status must be one of \(Self.statuses.joined(separator: ", ")).",
                            details: ["field": "status"])
        }
        return try database.read {
            try DocumentRepository.list(kb: kbID, status: status, in: caller.org, after: page.position,
                                        limit: page.limit, on: $0)
        }
    }

    func chunks(_ caller: Caller, document id: String, page: Pagination) throws -> Page<ChunkRecord> {
        try database.read {
            try ChunkRepository.list(document: id, in: caller.org, after: page.position, limit: page.limit, on: $0)
        }
    }

    func delete(_ caller: Caller, document id: String) throws {
        let time = now()
        let deleted = try ingestion.delete(document: id, in: caller.org) { db in
            try AuditTrail.record(.documentDeleted, by: .of(caller), in: caller.org, target: ("document", id),
                                  client: ClientInfo(caller), now: time, on: db)
        }
        guard deleted else { throw Self.documentNotFound }
    }

    static let documentNotFound = HTTPError(.notFound, code: "not_found", message: "No such document.")

    // MARK: Jobs

    /// Whether `caller` may see job `id`.
    func isJobVisible(_ id: String, to caller: Caller) throws -> Bool {
        guard let job = try database.read({ try JobRepository.find(id, in: caller.org, on: $0) }) else { return false }
        return caller.canAccess(knowledgeBase: job.kbID)
    }

    func job(_ caller: Caller, id: String) throws -> (JobRecord, [JobTaskRecord]) {
        let (job, tasks, generation) = try database.read { db in
            try db.transaction {
                guard let job = try JobRepository.find(id, in: caller.org, on: db) else { throw Self.jobNotFound }
                return (job, try JobRepository.tasks(of: id, in: caller.org, on: db),
                        try KnowledgeBaseRepository.indexGeneration(of: job.kbID, in: caller.org, on: db) ?? 0)
            }
        }
        // A finished job's last change is committed; make sure search has it too before saying so.
        if ["succeeded", "failed", "canceled"].contains(job.status) {
            _ = ingestion.searchUpdates?.waitUntilApplied(kb: job.kbID, generation: generation, timeout: 2)
        }
        return (job, tasks)
    }

    /// Cancels job `id`; 409 when it already finished otherwise than canceled.
    func cancel(_ caller: Caller, job id: String) throws -> JobRecord {
        let time = now()
        guard let job = try ingestion.cancel(job: id, in: caller.org, record: { db in
            try AuditTrail.record(.jobCanceled, by: .of(caller), in: caller.org, target: ("job", id),
                                  client: ClientInfo(caller), now: time, on: db)
        }) else { throw Self.jobNotFound }
        guard job.cancelRequested || job.status == "canceled" else {
            throw HTTPError(.conflict, code: "job_finished", message: "The job already finished (\(job.status)).")
        }
        return job
    }

    static let jobNotFound = HTTPError(.notFound, code: "not_found", message: "No such job.")
}
