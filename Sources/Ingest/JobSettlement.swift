import Store

/// A job's status follows from its tasks'. Called in the transaction that changes a task, so a job is finished
/// exactly when its last task is.
package enum JobSettlement {
    /// The status, error and times `job` has given its tasks' `tally`.
    package static func settled(_ job: JobRecord, tally: TaskTally, now: Int64) -> JobRecord {
        var job = job
        if tally["queued"] + tally["running"] > 0 {
            if tally.total > tally["queued"] && job.status == "queued" {
                job.status = "running"
                job.startedAt = job.startedAt ?? now
            }
            return job
        }
        guard job.finishedAt == nil else { return job }
        let done = tally["done"], failed = tally["failed"]
        job.finishedAt = now
        job.startedAt = job.startedAt ?? now
        job.errorCode = nil
        job.errorMessage = nil
        let failedMessage = "\(failed) of \(tally.total) documents failed; see each document's error."
        if job.cancelRequested {
            job.status = "canceled"
        } else if done == 0 && failed > 0 {
            job.status = "failed"
            let only = tally.total == 1
            job.errorCode = only ? tally.firstError?.code : "documents_failed"
            job.errorMessage = only ? tally.firstError?.message : failedMessage
        } else if done == 0 {
            // Every task was superseded by a newer version of its document.
            job.status = "canceled"
        } else {
            job.status = "succeeded"
            if failed > 0 {
                job.errorCode = "documents_failed"
                job.errorMessage = failedMessage
            }
        }
        return job
    }

    /// Recomputes and saves job `id`. Runs after every task change, so it stays cheap for big jobs: while tasks
    /// remain, which statuses exist is enough; only the last task pays for counting them all.
    /// Returns the job when this call finished it.
    @discardableResult
    package static func settle(_ id: String, in org: OrgID, now: Int64, on db: SQLiteConnection) throws -> JobRecord? {
        guard let job = try JobRepository.find(id, in: org, on: db), job.finishedAt == nil else { return nil }
        let present = try JobRepository.statuses(of: id, in: org, on: db)
        let tally = present.contains("queued") || present.contains("running")
            ? TaskTally(counts: Dictionary(uniqueKeysWithValues: present.map { ($0, 1) }))
            : try JobRepository.tally(of: id, in: org, on: db)
        let settled = settled(job, tally: tally, now: now)
        if settled != job { try JobRepository.save(settled, in: org, on: db) }
        return settled.finishedAt == nil ? nil : settled
    }
}
