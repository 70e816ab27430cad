import Store

/// The task state changes that end or defer a task without committing its chunks, and what each leaves of the
/// document — kept apart from the worker loop in `Ingestion.swift`, which decides when they apply.
extension Ingestion {
    /// What a task does to its document.
    enum Role {
        /// The document's first processing (or its in-place replacement before it was ever ready): the document's
        /// status follows the task.
        case first
        /// A new version of a ready document: the document changes only when the version commits.
        case update
        /// The current version again under a new config: the document changes only when it commits.
        case reindex

        init(_ task: JobTaskRecord, job: JobRecord) {
            self = task.pending != nil ? .update : job.kind == "reindex" ? .reindex : .first
        }

        /// Whether `task` still applies to `document` (a newer version, a delete or a re-upload did not replace it).
        func applies(_ task: JobTaskRecord, to document: DocumentRecord) -> Bool {
            self == .update ? document.pendingBlobID == task.blobID : document.blobID == task.blobID
        }
    }

    /// A task that will not run (its job was canceled): canceled, and its document released — a first processing
    /// leaves the document canceled unless another job still processes it; an update drops its pending version
    /// (whose blob is returned for deletion); a re-index leaves the document as it was.
    static func release(_ task: JobTaskRecord, role: Role, document: DocumentRecord, in org: OrgID,
                                now: Int64, on db: SQLiteConnection) throws -> String? {
        var task = task
        task.status = "canceled"
        task.errorCode = "canceled"
        task.errorMessage = "The job was canceled."
        try JobRepository.save(task, in: org, on: db)
        return try leave(document, role: role, task: task, now: now, in: org, on: db) { document in
            guard document.blobID == task.blobID, document.status == "queued" || document.status == "processing",
                  try !JobRepository.hasOtherUnfinishedTasks(of: document.id, besides: task.jobID, in: org, on: db)
            else { return false }
            document.status = "canceled"
            document.errorCode = "canceled"
            document.errorMessage = "The job was canceled."
            return true
        }
    }

    /// A task that failed for good: the document takes the error on a first processing; an update drops its pending
    /// version (blob returned for deletion); a re-index leaves the served version as it was.
    @discardableResult
    static func fail(_ task: JobTaskRecord, role: Role, document: DocumentRecord, failure: TaskFailure,
                             in org: OrgID, now: Int64, on db: SQLiteConnection) throws -> String? {
        var task = task
        task.status = "failed"
        task.errorCode = failure.code
        task.errorMessage = failure.message
        try JobRepository.save(task, in: org, on: db)
        return try leave(document, role: role, task: task, now: now, in: org, on: db) { document in
            document.status = "failed"
            document.errorCode = failure.code
            document.errorMessage = failure.message
            return true
        }
    }

    /// What a task that ends without committing leaves of its document: `first` edits a first processing's document
    /// (false leaves it as it is); an update drops its pending version and returns that blob for deletion; a
    /// re-index leaves the served version alone.
    private static func leave(_ document: DocumentRecord, role: Role, task: JobTaskRecord, now: Int64, in org: OrgID,
                              on db: SQLiteConnection, first: (inout DocumentRecord) throws -> Bool) throws -> String? {
        var document = document
        switch role {
        case .first:
            guard try first(&document) else { return nil }
        case .update:
            guard document.pendingBlobID == task.blobID else { return nil }
            document.pendingBlobID = nil
        case .reindex:
            return nil
        }
        document.updatedAt = now
        try DocumentRepository.save(document, in: org, on: db)
        return role == .update ? task.blobID : nil
    }

    /// A task back in the queue (a retry, or a shutdown); a first processing's document is queued again.
    static func requeue(_ task: JobTaskRecord, role: Role, document: DocumentRecord, attempts: Int,
                                notBefore: Int64, failure: TaskFailure?, in org: OrgID, now: Int64,
                                on db: SQLiteConnection) throws {
        var task = task
        task.status = "queued"
        task.stage = "queued"
        task.attempts = attempts
        task.notBefore = notBefore
        if let failure {
            task.errorCode = failure.code
            task.errorMessage = failure.message
        }
        try JobRepository.save(task, in: org, on: db)
        guard role == .first else { return }
        var document = document
        document.status = "queued"
        document.updatedAt = now
        try DocumentRepository.save(document, in: org, on: db)
    }

    /// Ends a task, if it still exists and has not ended, with `status`.
    static func finish(_ ref: TaskRef, status: String, code: String?, message: String?, in org: OrgID,
                               now: Int64, on db: SQLiteConnection) throws {
        guard var task = try JobRepository.task(job: ref.jobID, document: ref.documentID, in: org, on: db),
              task.status == "running" || task.status == "queued" else { return }
        task.status = status
        task.errorCode = code
        task.errorMessage = message
        if status == "done" {
            task.stage = "done"
            task.done = 1
            task.total = 1
        }
        try JobRepository.save(task, in: org, on: db)
        try JobSettlement.settle(ref.jobID, in: org, now: now, on: db)
    }
}
