import Crypto
import JSON
import Store

/// A document of an ingest request whose bytes are already stored (encrypted and durable) as a blob.
package struct StagedDocument: Sendable {
    package var blob: StoredBlob
    /// The client's file name, already reduced to a safe last path component.
    package var filename: String?
    /// The media type the client declared, if any (a hint: the bytes decide).
    package var declaredType: String?
    package var title: String?
    package var externalID: String?
    /// The caller's metadata, a JSON object's text.
    package var metadata: String

    package init(blob: StoredBlob, filename: String?, declaredType: String?, title: String?, externalID: String?,
                 metadata: String) {
        self.blob = blob
        self.filename = filename
        self.declaredType = declaredType
        self.title = title
        self.externalID = externalID
        self.metadata = metadata
    }
}

/// What became of one staged document.
package struct AcceptedDocument: Sendable, Equatable {
    package var id: String
    /// The document's status as the request leaves it: `queued` when this request's content will be processed,
    /// else the status of the document that already holds it.
    package var status: String
    package var externalID: String?
    /// Identical content was already in the knowledge base (or unchanged under this `external_id`): `id` is that
    /// document and nothing is processed again.
    package var deduplicated: Bool
}

/// The outcome of accepting an ingest request.
package struct IntakeReceipt: Sendable {
    package var job: JobRecord
    package var documents: [AcceptedDocument]
    /// The tasks to schedule once the transaction has committed (queued ones only).
    package var tasks: [JobTaskRecord]
    /// Blobs nothing refers to once the transaction has committed (duplicates, replaced versions): delete them then.
    package var unreferencedBlobs: [String]
    /// Ready documents whose title or metadata changed in place, with the index generation of the change: hand
    /// them to search (`SearchIndexUpdates.documentDescribed`) once the transaction has committed, in commit order.
    package var described: [(document: SearchableDocument, kb: String, generation: Int64)] = []
}

/// Why an ingest request was refused as a whole.
package enum IntakeError: Error, Sendable, Equatable {
    /// The knowledge base does not exist (or was deleted meanwhile).
    case knowledgeBaseNotFound
}

/// A new version of a ready document, described on its task until it commits: the served version stays as it is
/// until then, and a failed or canceled update leaves it untouched.
struct PendingVersion {
    var sha256: String
    var bytes: Int
    var filename: String?
    var declaredType: String?
    var title: String?
    var metadata: String

    init(_ staged: StagedDocument) {
        sha256 = staged.blob.sha256
        bytes = staged.blob.bytes
        filename = staged.filename
        declaredType = staged.declaredType
        title = staged.title
        metadata = staged.metadata
    }

    init?(json text: String?) {
        guard let text, let value = JSONParser.parse(text), case .string(let sha)? = value["sha256"],
              case .number(let size)? = value["bytes"], case .string(let metadata)? = value["metadata"] else { return nil }
        func string(_ key: String) -> String? {
            if case .string(let text)? = value[key] { return text }
            return nil
        }
        sha256 = sha
        bytes = Int(size)
        filename = string("filename")
        declaredType = string("declared_type")
        title = string("title")
        self.metadata = metadata
    }

    var json: String {
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let value: JSONValue = [
            "sha256": .string(sha256), "bytes": .number(Double(bytes)), "filename": optional(filename),
            "declared_type": optional(declaredType), "title": optional(title), "metadata": .string(metadata),
        ]
        return value.serializedText
    }

    /// `document` as this version, stored in `blob`.
    func applied(to document: DocumentRecord, blob: String) -> DocumentRecord {
        var document = document
        document.version += 1
        document.blobID = blob
        document.pendingBlobID = nil
        document.contentSHA256 = sha256
        document.bytes = bytes
        document.filename = filename
        document.declaredType = declaredType
        // A new version's title comes from its own content unless the request gave one.
        document.title = title ?? ""
        document.metadata = metadata
        return document
    }
}

/// Accepting an ingest request: one transaction creates or updates the document rows and creates the job with one
/// task per document. The rules:
/// - same `external_id` in the knowledge base → a new version of that document. If the document is ready, the new
///   version is processed beside it (its current chunks stay searchable and it stays `ready` until the new version
///   commits; a failed or canceled update leaves it as it was). Otherwise the new version replaces the unprocessed
///   one in place. Same `external_id` and same content → nothing to process (title and metadata are updated).
/// - otherwise, the same content (SHA-256) as a live document of the knowledge base → that document (it gains the
///   `external_id` if it had none); the job lists it, and waits for it when it is still being processed. A document
///   with a different `external_id` is a different document even with identical content.
/// - otherwise a new document, version 1.
package enum Intake {
    package static func accept(_ staged: [StagedDocument], kb kbID: String, org: OrgID, now: Int64,
                               on db: SQLiteConnection) throws -> IntakeReceipt {
        try db.transaction(.immediate) {
            guard try KnowledgeBaseRepository.find(kbID, in: org, on: db) != nil else {
                throw IntakeError.knowledgeBaseNotFound
            }
            let job = JobRecord(id: RecordID.make(prefix: "job_"), orgID: org.rawValue, kbID: kbID, kind: "ingest",
                                status: "queued", createdAt: now)
            var intake = Batch(job: job.id, now: now)
            for document in staged { try intake.accept(document, kb: kbID, org: org, on: db) }
            try JobRepository.insert(job, tasks: intake.tasks, in: org, on: db)
            for id in intake.touchedJobs.sorted() { try JobSettlement.settle(id, in: org, now: now, on: db) }
            // A job whose documents were all there already is finished before it starts.
            try JobSettlement.settle(job.id, in: org, now: now, on: db)
            let settled = try JobRepository.find(job.id, in: org, on: db) ?? job
            return IntakeReceipt(job: settled, documents: intake.accepted,
                                 tasks: intake.tasks.filter { $0.status == "queued" },
                                 unreferencedBlobs: intake.unreferenced, described: intake.described)
        }
    }

    /// One request's documents, accepted in order.
    private struct Batch {
        let job: String
        let now: Int64
        var accepted: [AcceptedDocument] = []
        var tasks: [JobTaskRecord] = []
        var unreferenced: [String] = []
        var touchedJobs = Set<String>()
        var described: [(document: SearchableDocument, kb: String, generation: Int64)] = []

        init(job: String, now: Int64) {
            self.job = job
            self.now = now
        }

        mutating func accept(_ document: StagedDocument, kb kbID: String, org: OrgID, on db: SQLiteConnection) throws {
            if let externalID = document.externalID,
               let current = try DocumentRepository.find(externalID: externalID, kb: kbID, in: org, on: db) {
                try newVersion(of: current, document, org: org, on: db)
            } else if var duplicate = try DocumentRepository.find(sha256: document.blob.sha256, kb: kbID, in: org,
                                                                    on: db),
                      document.externalID == nil || duplicate.externalID == nil {
                if duplicate.externalID == nil, let externalID = document.externalID {
                    duplicate.externalID = externalID
                    duplicate.updatedAt = now
                    try DocumentRepository.save(duplicate, in: org, on: db)
                }
                unreferenced.append(document.blob.id)
                follow(duplicate)
                accepted.append(AcceptedDocument(id: duplicate.id, status: duplicate.status,
                                                 externalID: duplicate.externalID, deduplicated: true))
            } else {
                let record = DocumentRecord(
                    id: RecordID.make(prefix: "doc_"), orgID: org.rawValue, kbID: kbID,
                    externalID: document.externalID, version: 1, title: document.title ?? "",
                    filename: document.filename, declaredType: document.declaredType, contentType: nil,
                    bytes: document.blob.bytes, contentSHA256: document.blob.sha256, blobID: document.blob.id,
                    status: "queued", metadata: document.metadata, createdAt: now, updatedAt: now)
                try DocumentRepository.insert(record, in: org, on: db)
                addTask(for: record.id, org: org, blob: record.blobID)
                accepted.append(AcceptedDocument(id: record.id, status: "queued", externalID: record.externalID,
                                                 deduplicated: false))
            }
        }

        private mutating func newVersion(of document: DocumentRecord, _ staged: StagedDocument, org: OrgID,
                                         on db: SQLiteConnection) throws {
            var current = document
            current.updatedAt = now
            let live = ["queued", "processing", "ready"].contains(current.status)
            if live && current.contentSHA256 == staged.blob.sha256 {
                // Unchanged content: descriptions are updated in place, and a newer version in flight is dropped
                // (the client's latest word is this content).
                current.title = staged.title ?? current.title
                current.metadata = staged.metadata
                if current.status == "ready" && (current.title != document.title || current.metadata != document.metadata) {
                    // Filters read metadata from the index, and cached answers and chunks are only good for the
                    // generation they were made under: the change is a new generation.
                    described.append((SearchableDocument(current), current.kbID, try KnowledgeBaseRepository
                        .advanceIndexGeneration(of: current.kbID, in: org, on: db)))
                }
                if let pending = current.pendingBlobID {
                    touchedJobs.formUnion(try JobRepository.supersedeQueuedTasks(of: current.id, blob: pending, in: org, on: db))
                    unreferenced.append(pending)
                    current.pendingBlobID = nil
                }
                try DocumentRepository.save(current, in: org, on: db)
                unreferenced.append(staged.blob.id)
                follow(current)
                accepted.append(AcceptedDocument(id: current.id, status: current.status,
                                                 externalID: current.externalID, deduplicated: true))
                return
            }
            if current.status == "ready" {
                // Processed beside the served version, which stays until this one commits.
                if let pending = current.pendingBlobID {
                    touchedJobs.formUnion(try JobRepository.supersedeQueuedTasks(of: current.id, blob: pending, in: org, on: db))
                    unreferenced.append(pending)
                }
                current.pendingBlobID = staged.blob.id
                try DocumentRepository.save(current, in: org, on: db)
                addTask(for: current.id, org: org, blob: staged.blob.id, pending: PendingVersion(staged).json)
            } else {
                // Nothing served yet: the new version replaces the unprocessed one.
                touchedJobs.formUnion(try JobRepository.supersedeQueuedTasks(of: current.id, in: org, on: db))
                unreferenced.append(current.blobID)
                current = PendingVersion(staged).applied(to: current, blob: staged.blob.id)
                current.status = "queued"
                current.errorCode = nil
                current.errorMessage = nil
                try DocumentRepository.save(current, in: org, on: db)
                addTask(for: current.id, org: org, blob: current.blobID)
            }
            accepted.append(AcceptedDocument(id: current.id, status: "queued", externalID: current.externalID,
                                             deduplicated: false))
        }

        /// Lists an existing document on this job: done when it is ready, else a task that waits for it (and
        /// processes it, should the job processing it now be canceled).
        private mutating func follow(_ document: DocumentRecord) {
            let ready = document.status == "ready"
            addTask(for: document.id, org: OrgID(document.orgID), blob: document.blobID, done: ready)
        }

        private mutating func addTask(for documentID: String, org: OrgID, blob: String, pending: String? = nil,
                                      done: Bool = false) {
            // One task per document and job: a document named twice in a request is processed once, as its latest
            // version.
            if let index = tasks.firstIndex(where: { $0.documentID == documentID }) {
                guard !done else { return }
                tasks[index].blobID = blob
                tasks[index].pending = pending
                tasks[index].status = "queued"
                tasks[index].stage = "queued"
                return
            }
            var task = JobTaskRecord(jobID: job, documentID: documentID, orgID: org.rawValue, position: tasks.count,
                                     blobID: blob, pending: pending)
            if done {
                task.status = "done"
                task.stage = "done"
                task.done = 1
                task.total = 1
            }
            tasks.append(task)
        }
    }

    /// A re-index job for every document of `kbID` that is ready, or failed and worth another try (after a chunking
    /// or embedding change); nil when there is nothing to process. Queued tasks of older re-index jobs for the same
    /// documents are superseded. Run it in the transaction that changes the config.
    package static func reindex(kb kbID: String, org: OrgID, now: Int64, on db: SQLiteConnection) throws
        -> (job: JobRecord, tasks: [JobTaskRecord])? {
        var tasks: [JobTaskRecord] = []
        let job = JobRecord(id: RecordID.make(prefix: "job_"), orgID: org.rawValue, kbID: kbID, kind: "reindex",
                            status: "queued", createdAt: now)
        var touched = Set<String>()
        var after: Int64?
        repeat {
            let page = try DocumentRepository.list(kb: kbID, status: nil, in: org, after: after, limit: 500, on: db)
            for document in page.items where document.status == "ready" || document.status == "failed" {
                touched.formUnion(try JobRepository.supersedeQueuedTasks(of: document.id, reindexOnly: true, in: org, on: db))
                tasks.append(JobTaskRecord(jobID: job.id, documentID: document.id, orgID: org.rawValue,
                                           position: tasks.count, blobID: document.blobID))
            }
            after = page.next
        } while after != nil
        for id in touched.sorted() { try JobSettlement.settle(id, in: org, now: now, on: db) }
        guard !tasks.isEmpty else { return nil }
        try JobRepository.insert(job, tasks: tasks, in: org, on: db)
        return (job, tasks)
    }
}
