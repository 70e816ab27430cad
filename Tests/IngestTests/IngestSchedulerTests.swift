@testable import Ingest
import Synchronization
import TestSupport
import Testing

@Suite("Ingest scheduler")
struct IngestSchedulerTests {
    private func ref(_ org: String, _ job: String, _ document: Int) -> TaskRef {
        TaskRef(orgID: org, jobID: job, documentID: "doc_\(document)")
    }

    @Test func oneTenantsBulkUploadDoesNotStarveAnother() {
        let scheduler = IngestScheduler(now: { 0 })
        for index in 0..<1000 { scheduler.enqueue(ref("org_a", "job_a", index)) }
        scheduler.enqueue(ref("org_b", "job_b", 0))
        let first = [scheduler.take(), scheduler.take()]
        #expect(first.contains(ref("org_b", "job_b", 0)), "org_b waited behind org_a: \(first)")
        #expect(scheduler.depth == 999)
    }

    @Test func organizationsAndTheirJobsTakeTurns() {
        let scheduler = IngestScheduler(now: { 0 })
        for index in 0..<3 { scheduler.enqueue(ref("org_a", "job_a1", index)) }
        for index in 0..<3 { scheduler.enqueue(ref("org_a", "job_a2", index)) }
        for index in 0..<3 { scheduler.enqueue(ref("org_b", "job_b", index)) }
        var order: [String] = []
        while scheduler.depth > 0, let next = scheduler.take() { order.append("\(next.jobID)#\(next.documentID)") }
        #expect(order == ["job_a1#doc_0", "job_b#doc_0", "job_a2#doc_0", "job_b#doc_1", "job_a1#doc_1", "job_b#doc_2",
                          "job_a2#doc_1", "job_a1#doc_2", "job_a2#doc_2"])
    }

    @Test func tasksWithinAJobKeepTheirOrder() {
        let scheduler = IngestScheduler(now: { 0 })
        for index in 0..<200 { scheduler.enqueue(ref("org_a", "job", index)) }
        let taken = (0..<200).compactMap { _ in scheduler.take()?.documentID }
        #expect(taken == (0..<200).map { "doc_\($0)" })
    }

    @Test func aTaskQueuedTwiceRunsOnce() {
        let scheduler = IngestScheduler(now: { 0 })
        scheduler.enqueue(ref("org_a", "job", 1))
        scheduler.enqueue(ref("org_a", "job", 1))
        #expect(scheduler.depth == 1)
        #expect(scheduler.take() == ref("org_a", "job", 1))
        scheduler.enqueue(ref("org_a", "job", 1))
        #expect(scheduler.depth == 1, "taken tasks may be queued again (retries)")
    }

    @Test func retriesWaitUntilTheirTime() {
        let clock = Atomic<Int64>(1000)
        let scheduler = IngestScheduler(now: { clock.load(ordering: .relaxed) })
        scheduler.enqueue(ref("org_a", "job", 1), notBefore: 1050)
        scheduler.enqueue(ref("org_a", "job", 2))
        #expect(scheduler.take() == ref("org_a", "job", 2))
        let taken = Atomic<Bool>(false)
        let thread = OSThreadHandle {
            if scheduler.take() == self.ref("org_a", "job", 1) { taken.store(true, ordering: .relaxed) }
        }
        usleepMillis(30)
        let early = taken.load(ordering: .relaxed)
        #expect(!early, "a delayed task ran early")
        clock.store(1100, ordering: .relaxed)
        #expect(eventually(2) { taken.load(ordering: .relaxed) })
        thread.join()
    }

    @Test func closingReleasesWaitingWorkers() {
        let scheduler = IngestScheduler(now: { 0 })
        let results = Atomic<Int>(0)
        let threads = (0..<3).map { _ in
            OSThreadHandle {
                if scheduler.take() == nil { results.add(1, ordering: .relaxed) }
            }
        }
        usleepMillis(20)
        scheduler.close()
        for thread in threads { thread.join() }
        #expect(results.load(ordering: .relaxed) == 3)
        scheduler.enqueue(ref("org_a", "job", 1))
        #expect(scheduler.depth == 0, "a closed scheduler takes nothing")
    }
}
