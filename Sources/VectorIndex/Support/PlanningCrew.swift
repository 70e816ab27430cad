import Threading

/// A fixed crew of threads that run one job together and wait for each other: `run` hands the same closure to
/// every member (the calling thread is member 0) and returns when all have finished. Batch inserts use it to plan
/// a batch in parallel between two serial commits; keeping the threads alive avoids creating two per batch.
final class PlanningCrew: @unchecked Sendable {
    private let lock = ConditionLock(conditions: 2)
    private static var workReady: Int { 0 }
    private static var workDone: Int { 1 }
    // Guarded by `lock`:
    private var round = 0
    private var unfinished = 0
    private var job: (@Sendable (Int) -> Void)?
    private var closed = false
    private var threads: [OSThread] = []

    /// The number of members, the calling thread included.
    let size: Int

    /// A crew of `size` (≥ 1) members: `size − 1` new threads plus the caller of `run`.
    init(size: Int) {
        self.size = max(size, 1)
        threads = (1..<self.size).map { member in
            OSThread.spawn(name: "hnsw-plan-\(member)") { [unowned self] in self.serve(member) }
        }
    }

    /// Runs `job(member)` on every member at once; returns when all have returned.
    func run(_ job: @escaping @Sendable (Int) -> Void) {
        lock.withLock {
            self.job = job
            unfinished = size - 1
            round += 1
            lock.broadcast(Self.workReady)
        }
        job(0)
        lock.withLock {
            while unfinished > 0 { lock.wait(on: Self.workDone) }
            self.job = nil
        }
    }

    /// Stops and joins the threads; the crew cannot run again.
    func close() {
        lock.withLock {
            closed = true
            lock.broadcast(Self.workReady)
        }
        threads.forEach { $0.join() }
        threads = []
    }

    private func serve(_ member: Int) {
        var seen = 0
        while true {
            let job: (@Sendable (Int) -> Void)? = lock.withLock {
                while round == seen && !closed { lock.wait(on: Self.workReady) }
                seen = round
                return closed ? nil : self.job
            }
            guard let job else { return }
            job(member)
            lock.withLock {
                unfinished -= 1
                if unfinished == 0 { lock.signal(Self.workDone) }
            }
        }
    }
}

/// Hands a value the compiler cannot prove thread-safe to a `PlanningCrew` job. Only for values the crew's members
/// read but never write while the job runs, or write at disjoint indexes (a batch's graph, rows and plan slots).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
