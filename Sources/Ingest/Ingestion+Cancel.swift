import Store

/// Cancelling jobs and deleting documents and knowledge bases: each is one transaction that also settles the
/// affected jobs, then stops the running tasks it touched and deletes their blobs.
extension Ingestion {

    /// Cancels job `id`: its queued tasks are canceled at once, its running ones stop at their next check. Returns
    /// the job as it is afterwards, nil when there is no such job. A finished job is returned unchanged. `record`
    /// runs in the same transaction when the cancel takes effect (for the audit log).
    package func cancel(job id: String, in org: OrgID, record: (SQLiteConnection) throws -> Void = { _ in }) throws
        -> JobRecord? {
        let time = now()
        var dropped: [String] = []
        let job: JobRecord? = try database.write { db in
            try db.transaction(.immediate) {
                guard var job = try JobRepository.find(id, in: org, on: db) else { return nil }
                guard job.finishedAt == nil else { return job }
                job.cancelRequested = true
                try JobRepository.save(job, in: org, on: db)
                let queued = try JobRepository.tasks(of: id, in: org, on: db).filter { $0.status == "queued" }
                _ = try JobRepository.cancelQueuedTasks(of: id, code: "canceled", message: "The job was canceled.",
                                                       in: org, on: db)
                for task in queued {
                    guard let document = try DocumentRepository.find(task.documentID, in: org, on: db) else { continue }
                    if let blob = try Self.release(task, role: Role(task, job: job), document: document, in: org,
                                                   now: time, on: db) {
                        dropped.append(blob)
                    }
                }
                try JobSettlement.settle(id, in: org, now: time, on: db)
                try record(db)
                return try JobRepository.find(id, in: org, on: db)
            }
        }
        discardBlobs(dropped)
        inFlight.stop(.canceled) { ref, _ in ref.orgID == org.rawValue && ref.jobID == id }
        return job
    }

    /// Deletes document `id` with its chunks and tasks; false when there is no such document. Its running task
    /// stops, and the jobs it belonged to are settled. `record` runs in the deleting transaction.
    package func delete(document id: String, in org: OrgID, record: (SQLiteConnection) throws -> Void = { _ in })
        throws -> Bool {
        let time = now()
        let blobIDs: [String]? = try database.write { db in
            let deleted: (document: DocumentRecord, generation: Int64)? = try db.transaction(.immediate) {
                guard let document = try DocumentRepository.find(id, in: org, on: db) else { return nil }
                let jobs = try JobRepository.jobs(ofDocument: id, in: org, on: db)
                _ = try DocumentRepository.delete(id, in: org, on: db)
                for job in jobs { try JobSettlement.settle(job, in: org, now: time, on: db) }
                try record(db)
                return (document, try KnowledgeBaseRepository.advanceIndexGeneration(of: document.kbID, in: org, on: db))
            }
            guard let deleted else { return nil }
            searchUpdates?.documentRemoved(id, kb: deleted.document.kbID, org: org.rawValue, generation: deleted.generation)
            return [deleted.document.blobID] + (deleted.document.pendingBlobID.map { [$0] } ?? [])
        }
        guard let blobIDs else { return false }
        inFlight.stop(.canceled) { ref, _ in ref.orgID == org.rawValue && ref.documentID == id }
        discardBlobs(blobIDs)
        return true
    }

    /// Deletes knowledge base `id` with everything in it; false when there is no such knowledge base. `record` runs
    /// in the deleting transaction.
    package func delete(knowledgeBase id: String, in org: OrgID, record: (SQLiteConnection) throws -> Void = { _ in })
        throws -> Bool {
        let blobIDs: [String]? = try database.write { db in
            let ids: [String]? = try db.transaction(.immediate) {
                let ids = try DocumentRepository.blobIDs(kb: id, in: org, on: db)
                guard try KnowledgeBaseRepository.delete(id, in: org, on: db) else { return nil }
                try record(db)
                return ids
            }
            if ids != nil { searchUpdates?.knowledgeBaseRemoved(id, org: org.rawValue) }
            return ids
        }
        guard let blobIDs else { return false }
        inFlight.stop(.canceled) { ref, kb in ref.orgID == org.rawValue && kb == id }
        discardBlobs(blobIDs)
        return true
    }
}
