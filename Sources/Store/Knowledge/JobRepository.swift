/// A background job.
package struct JobRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var kbID: String
    package var kind: String
    package var status: String
    package var cancelRequested: Bool
    package var errorCode: String?
    package var errorMessage: String?
    package var createdAt: Int64
    package var startedAt: Int64?
    package var finishedAt: Int64?

    /// Creates a record.
    package init(id: String, orgID: String, kbID: String, kind: String, status: String, cancelRequested: Bool = false,
                 errorCode: String? = nil, errorMessage: String? = nil, createdAt: Int64, startedAt: Int64? = nil,
                 finishedAt: Int64? = nil) {
        self.id = id
        self.orgID = orgID
        self.kbID = kbID
        self.kind = kind
        self.status = status
        self.cancelRequested = cancelRequested
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    static let columns = """
        id, org_id, kb_id, kind, status, cancel_requested, error_code, error_message, created_at, started_at, finished_at
        """

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), kbID: try row.get(2), kind: try row.get(3),
                  status: try row.get(4), cancelRequested: try row.get(5), errorCode: try row.get(6),
                  errorMessage: try row.get(7), createdAt: try row.get(8), startedAt: try row.get(9),
                  finishedAt: try row.get(10))
    }
}

/// One document's task within a job: what a worker claims and reports progress on.
package struct JobTaskRecord: Sendable, Equatable {
    package var jobID: String
    package var documentID: String
    package var orgID: String
    package var position: Int
    /// The stored original this task processes (a later upload of the same document has its own task and blob).
    package var blobID: String
    package var status: String
    package var stage: String
    package var done: Int
    package var total: Int
    package var attempts: Int
    /// Unix milliseconds before which a retried task is not run.
    package var notBefore: Int64
    package var errorCode: String?
    package var errorMessage: String?
    /// For a new version of a ready document: that version's description (JSON), applied when it commits.
    package var pending: String?

    /// Creates a record.
    package init(jobID: String, documentID: String, orgID: String, position: Int, blobID: String,
                 status: String = "queued", stage: String = "queued", done: Int = 0, total: Int = 0, attempts: Int = 0,
                 notBefore: Int64 = 0, errorCode: String? = nil, errorMessage: String? = nil, pending: String? = nil) {
        self.jobID = jobID
        self.documentID = documentID
        self.orgID = orgID
        self.position = position
        self.blobID = blobID
        self.status = status
        self.stage = stage
        self.done = done
        self.total = total
        self.attempts = attempts
        self.notBefore = notBefore
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.pending = pending
    }

    static let columns = """
        job_id, document_id, org_id, position, blob_id, status, stage, done, total, attempts, not_before, error_code, \
        error_message, pending
        """

    init(row: Row) throws {
        self.init(jobID: try row.get(0), documentID: try row.get(1), orgID: try row.get(2), position: try row.get(3),
                  blobID: try row.get(4), status: try row.get(5), stage: try row.get(6), done: try row.get(7),
                  total: try row.get(8), attempts: try row.get(9), notBefore: try row.get(10),
                  errorCode: try row.get(11), errorMessage: try row.get(12), pending: try row.get(13))
    }
}

/// Jobs and tasks of one organization.
package enum JobRepository {
    /// Stores a job with its tasks.
    package static func insert(_ job: JobRecord, tasks: [JobTaskRecord], in org: OrgID, on db: SQLiteConnection)
        throws {
        precondition(job.orgID == org.rawValue && tasks.allSatisfy { $0.orgID == org.rawValue && $0.jobID == job.id })
        try db.run("INSERT INTO jobs (\(JobRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [job.id, org.rawValue, job.kbID, job.kind, job.status, job.cancelRequested, job.errorCode,
                    job.errorMessage, job.createdAt, job.startedAt, job.finishedAt])
        for task in tasks {
            try db.run("INSERT INTO job_tasks (\(JobTaskRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [task.jobID, task.documentID, org.rawValue, task.position, task.blobID, task.status, task.stage,
                        task.done, task.total, task.attempts, task.notBefore, task.errorCode, task.errorMessage,
                        task.pending])
        }
    }

    /// Job `id` of `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> JobRecord? {
        try db.queryOne("SELECT \(JobRecord.columns) FROM jobs WHERE org_id = ? AND id = ?", [org.rawValue, id],
                        row: JobRecord.init)
    }

    /// The tasks of job `id` in position order.
    package static func tasks(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> [JobTaskRecord] {
        try db.query("SELECT \(JobTaskRecord.columns) FROM job_tasks WHERE org_id = ? AND job_id = ? ORDER BY position",
                     [org.rawValue, id], row: JobTaskRecord.init)
    }

    /// Task (`jobID`, `documentID`) of `org`.
    package static func task(job jobID: String, document documentID: String, in org: OrgID,
                             on db: SQLiteConnection) throws -> JobTaskRecord? {
        try db.queryOne("""
            SELECT \(JobTaskRecord.columns) FROM job_tasks WHERE org_id = ? AND job_id = ? AND document_id = ?
            """, [org.rawValue, jobID, documentID], row: JobTaskRecord.init)
    }

    /// Replaces a task's status, progress, attempts and error.
    package static func save(_ task: JobTaskRecord, in org: OrgID, on db: SQLiteConnection) throws {
        try db.run("""
            UPDATE job_tasks SET status = ?, stage = ?, done = ?, total = ?, attempts = ?, not_before = ?,
                error_code = ?, error_message = ?
            WHERE org_id = ? AND job_id = ? AND document_id = ?
            """, [task.status, task.stage, task.done, task.total, task.attempts, task.notBefore, task.errorCode,
                  task.errorMessage, org.rawValue, task.jobID, task.documentID])
    }

    /// Replaces a job's status, error, times and cancel flag.
    package static func save(_ job: JobRecord, in org: OrgID, on db: SQLiteConnection) throws {
        try db.run("""
            UPDATE jobs SET status = ?, cancel_requested = ?, error_code = ?, error_message = ?, started_at = ?,
                finished_at = ?
            WHERE org_id = ? AND id = ?
            """, [job.status, job.cancelRequested, job.errorCode, job.errorMessage, job.startedAt, job.finishedAt,
                  org.rawValue, job.id])
    }
}

/// How many of a job's tasks are in each status, and the first failure.
package struct TaskTally: Sendable, Equatable {
    package var counts: [String: Int] = [:]
    package var firstError: (code: String?, message: String?)?

    package init(counts: [String: Int] = [:], firstError: (code: String?, message: String?)? = nil) {
        self.counts = counts
        self.firstError = firstError
    }

    package subscript(status: String) -> Int { counts[status] ?? 0 }
    package var total: Int { counts.values.reduce(0, +) }

    package static func == (lhs: TaskTally, rhs: TaskTally) -> Bool {
        lhs.counts == rhs.counts && lhs.firstError?.code == rhs.firstError?.code
            && lhs.firstError?.message == rhs.firstError?.message
    }
}

extension JobRepository {
    /// Which statuses job `id`'s tasks have (each an index lookup, whatever the number of tasks).
    package static func statuses(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> Set<String> {
        let all = ["queued", "running", "done", "failed", "canceled"]
        let exists = all.map { _ in "EXISTS (SELECT 1 FROM job_tasks WHERE org_id = ? AND job_id = ? AND status = ?)" }
        let arguments = SQLArguments(all.flatMap { status -> [any SQLBindable] in [org.rawValue, id, status] })
        let present: [Bool] = try db.queryOne("SELECT " + exists.joined(separator: ", "), arguments) { row in
            try (0..<all.count).map { try row.get($0, as: Bool.self) }
        } ?? []
        return Set(zip(all, present).filter(\.1).map(\.0))
    }

    /// Job `id`'s tasks counted by status (one indexed scan).
    package static func tally(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> TaskTally {
        var tally = TaskTally()
        let rows: [(String, Int)] = try db.query("""
            SELECT status, count(*) FROM job_tasks WHERE org_id = ? AND job_id = ? GROUP BY status
            """, [org.rawValue, id]) { (try $0.get(0), try $0.get(1)) }
        for (status, count) in rows { tally.counts[status] = count }
        if tally["failed"] > 0 {
            tally.firstError = try db.queryOne("""
                SELECT error_code, error_message FROM job_tasks
                WHERE org_id = ? AND job_id = ? AND status = 'failed' ORDER BY position LIMIT 1
                """, [org.rawValue, id]) { (code: try $0.get(0, as: String?.self), message: try $0.get(1, as: String?.self)) }
        }
        return tally
    }

    /// The jobs with a task for `documentID`.
    package static func jobs(ofDocument documentID: String, in org: OrgID, on db: SQLiteConnection) throws -> [String] {
        try db.query("SELECT DISTINCT job_id FROM job_tasks WHERE org_id = ? AND document_id = ?",
                     [org.rawValue, documentID]) { try $0.get(0) }
    }

    /// Cancels job `jobID`'s queued tasks with `code`; returns the documents whose tasks were canceled.
    package static func cancelQueuedTasks(of jobID: String, code: String, message: String, in org: OrgID,
                                          on db: SQLiteConnection) throws -> [String] {
        let documents: [String] = try db.query("""
            SELECT document_id FROM job_tasks WHERE org_id = ? AND job_id = ? AND status = 'queued' ORDER BY position
            """, [org.rawValue, jobID]) { try $0.get(0) }
        try db.run("""
            UPDATE job_tasks SET status = 'canceled', error_code = ?, error_message = ?
            WHERE org_id = ? AND job_id = ? AND status = 'queued'
            """, [code, message, org.rawValue, jobID])
        return documents
    }

    /// Cancels the queued tasks of `documentID` that would process blob `blobID` (nil: any blob) — a newer version
    /// or a newer re-index replaces what they would do; `reindexOnly` limits it to tasks of re-index jobs. Returns
    /// their jobs, which may now be finished.
    package static func supersedeQueuedTasks(of documentID: String, blob blobID: String? = nil,
                                             reindexOnly: Bool = false, in org: OrgID,
                                             on db: SQLiteConnection) throws -> [String] {
        let filter = """
            org_id = ? AND document_id = ? AND status = 'queued' AND (? IS NULL OR blob_id = ?)
                AND (? = 0 OR job_id IN (SELECT id FROM jobs WHERE org_id = ? AND kind = 'reindex'))
            """
        let arguments: SQLArguments = [org.rawValue, documentID, blobID, blobID, reindexOnly, org.rawValue]
        let jobs: [String] = try db.query("SELECT job_id FROM job_tasks WHERE \(filter)", arguments) { try $0.get(0) }
        try db.run("""
            UPDATE job_tasks SET status = 'canceled', error_code = 'superseded',
                error_message = 'A newer version or re-index of the document replaced this one.'
            WHERE \(filter)
            """, arguments)
        return jobs
    }

    /// Whether another job's task is processing `documentID` right now.
    package static func hasOtherRunningTask(of documentID: String, besides jobID: String, in org: OrgID,
                                            on db: SQLiteConnection) throws -> Bool {
        try db.queryOne("""
            SELECT EXISTS (SELECT 1 FROM job_tasks WHERE org_id = ? AND document_id = ? AND job_id != ?
                AND status = 'running')
            """, [org.rawValue, documentID, jobID]) { try $0.get(0, as: Bool.self) } ?? false
    }

    /// Whether `documentID` has a queued or running task other than (`jobID`'s).
    package static func hasOtherUnfinishedTasks(of documentID: String, besides jobID: String, in org: OrgID,
                                                on db: SQLiteConnection) throws -> Bool {
        try db.queryOne("""
            SELECT EXISTS (SELECT 1 FROM job_tasks WHERE org_id = ? AND document_id = ? AND job_id != ?
                AND status IN ('queued', 'running'))
            """, [org.rawValue, documentID, jobID]) { try $0.get(0, as: Bool.self) } ?? false
    }
}

/// The cross-organization side of the job queue, run by the server's own ingestion workers (never on behalf of a
/// caller): finding work after a restart. Everything else the workers do goes through the tenant repositories with
/// the task's own organization.
package enum WorkQueue {
    static let interrupted = "UPDATE job_tasks SET status = 'queued' WHERE status = 'running'"
    static let interruptedDocuments = "UPDATE documents SET status = 'queued' WHERE status = 'processing'"
    static let pending = """
        SELECT \(JobTaskRecord.columns) FROM job_tasks WHERE status = 'queued' ORDER BY rowid
        """
    static let liveBlobs = """
        SELECT blob_id FROM documents UNION SELECT pending_blob_id FROM documents WHERE pending_blob_id IS NOT NULL
        UNION SELECT blob_id FROM job_tasks WHERE status IN ('queued', 'running')
        """

    /// Every statement this type runs, exactly as run (for the tenancy test's allow-list).
    package static let statements: Set<String> = [interrupted, interruptedDocuments, pending, liveBlobs]

    /// Puts tasks left running by a stopped process back in the queue, and their documents back to queued; returns
    /// how many tasks. (Their jobs keep `running`: they had started.)
    @discardableResult
    package static func requeueInterrupted(on db: SQLiteConnection) throws -> Int {
        let tasks = try db.run(interrupted)
        try db.run(interruptedDocuments)
        return tasks
    }

    /// Every blob a document or an unfinished task refers to: the rest are leftovers of a crash.
    package static func liveBlobIDs(on db: SQLiteConnection) throws -> Set<String> {
        Set(try db.query(liveBlobs) { try $0.get(0, as: String.self) })
    }

    /// Queued tasks of every organization, oldest first.
    package static func pendingTasks(on db: SQLiteConnection) throws -> [JobTaskRecord] {
        try db.query(pending, row: JobTaskRecord.init)
    }
}
