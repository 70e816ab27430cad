@testable import Ingest
import Store
import Testing

@Suite("Job settlement")
struct JobSettlementTests {
    let job = JobRecord(id: "job_1", orgID: "org_a", kbID: "kb_a", kind: "ingest", status: "queued", createdAt: 10)

    private func settle(_ counts: [String: Int], cancel: Bool = false, error: (String, String)? = nil,
                        from job: JobRecord? = nil) -> JobRecord {
        var record = job ?? self.job
        record.cancelRequested = cancel
        return JobSettlement.settled(record, tally: TaskTally(counts: counts, firstError: error.map { ($0.0, $0.1) }),
                                     now: 99)
    }

    @Test func unfinishedJobsAreQueuedUntilATaskStarts() {
        #expect(settle(["queued": 3]).status == "queued")
        let running = settle(["queued": 2, "running": 1])
        #expect(running.status == "running")
        #expect(running.startedAt == 99)
        #expect(running.finishedAt == nil)
        #expect(settle(["queued": 2, "done": 1]).status == "running")
    }

    @Test func finishedJobsTakeTheirOutcome() {
        let succeeded = settle(["done": 3])
        #expect(succeeded.status == "succeeded")
        #expect(succeeded.finishedAt == 99)
        #expect(succeeded.errorCode == nil)

        let partial = settle(["done": 2, "failed": 1], error: ("pdf_encrypted", "locked"))
        #expect(partial.status == "succeeded")
        #expect(partial.errorCode == "documents_failed")
        #expect(partial.errorMessage?.contains("1 of 3") == true)

        let single = settle(["failed": 1], error: ("pdf_encrypted", "locked"))
        #expect(single.status == "failed")
        #expect(single.errorCode == "pdf_encrypted")
        #expect(single.errorMessage == "locked")

        let all = settle(["failed": 2, "canceled": 1], error: ("no_text", "x"))
        #expect(all.status == "failed")
        #expect(all.errorCode == "documents_failed")

        #expect(settle(["canceled": 2]).status == "canceled", "superseded by newer versions")
        #expect(settle(["done": 1, "canceled": 2], cancel: true).status == "canceled")
    }

    @Test func aFinishedJobStaysFinished() {
        let finished = settle(["done": 1])
        #expect(settle(["done": 1, "failed": 1], from: finished) == finished)
    }
}
