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

    /// Creates a record.
    package init(jobID: String, documentID: String, orgID: String, position: Int, blobID: String,
                 status: String = "queued", stage: String = "queued", done: Int = 0, total: Int = 0, attempts: Int = 0,
                 notBefore: Int64 = 0, errorCode: String? = nil, errorMessage: String? = nil) {
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
    }

    static let columns = """
        job_id, document_id, org_id, position, blob_id, status, stage, done, total, attempts, not_before, error_code, \
        error_message
        """

    init(row: Row) throws {
        self.init(jobID: try row.get(0), documentID: try row.get(1), orgID: try row.get(2), position: try row.get(3),
                  blobID: try row.get(4), status: try row.get(5), stage: try row.get(6), done: try row.get(7),
                  total: try row.get(8), attempts: try row.get(9), notBefore: try row.get(10),
                  errorCode: try row.get(11), errorMessage: try row.get(12))
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
            try db.run("INSERT INTO job_tasks (\(JobTaskRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [task.jobID, task.documentID, org.rawValue, task.position, task.blobID, task.status, task.stage,
                        task.done, task.total, task.attempts, task.notBefore, task.errorCode, task.errorMessage])
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

/// The cross-organization side of the job queue, run by the server's own ingestion workers (never on behalf of a
/// caller): finding work after a restart. Everything else the workers do goes through the tenant repositories with
/// the task's own organization.
package enum WorkQueue {
    static let interrupted = "UPDATE job_tasks SET status = 'queued' WHERE status = 'running'"
    static let interruptedJobs = "UPDATE jobs SET status = 'queued' WHERE status = 'running'"
    static let pending = """
        SELECT \(JobTaskRecord.columns) FROM job_tasks WHERE status = 'queued' ORDER BY rowid
        """

    /// Every statement this type runs, exactly as run (for the tenancy test's allow-list).
    package static let statements: Set<String> = [interrupted, interruptedJobs, pending]

    /// Puts tasks (and jobs) left running by a stopped process back in the queue; returns how many tasks.
    @discardableResult
    package static func requeueInterrupted(on db: SQLiteConnection) throws -> Int {
        let tasks = try db.run(interrupted)
        try db.run(interruptedJobs)
        return tasks
    }

    /// Queued tasks of every organization, oldest first.
    package static func pendingTasks(on db: SQLiteConnection) throws -> [JobTaskRecord] {
        try db.query(pending, row: JobTaskRecord.init)
    }
}
