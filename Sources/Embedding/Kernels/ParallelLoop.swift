import Dispatch
import Synchronization

/// Runs numbered tasks on a few threads. Workers claim the next task from a shared counter rather than a fixed
/// share, so a worker whose core is busy with other work (ingest, queries, other processes) takes fewer tasks
/// instead of holding everyone back at the end of the loop.
package enum ParallelLoop {
    /// The number of workers `run` uses for `tasks` tasks and at most `threads` threads.
    package static func workers(tasks: Int, threads: Int) -> Int {
        max(1, min(threads, tasks))
    }

    /// Runs `body(task, worker)` for every task in `0..<tasks` on `workers(tasks:threads:)` threads (the caller's
    /// included) and returns when all are done. `worker` (from 0) tells which worker runs the task, so it can use
    /// scratch memory of its own. `body` runs concurrently with itself: tasks must write disjoint memory.
    package static func run(tasks: Int, threads: Int, _ body: (_ task: Int, _ worker: Int) -> Void) {
        guard tasks > 0 else { return }
        let workers = workers(tasks: tasks, threads: threads)
        if workers == 1 {
            for task in 0..<tasks { body(task, 0) }
            return
        }
        let next = Atomic<Int>(0)
        // concurrentPerform wants @Sendable work, but it returns only after every iteration has finished, so this
        // closure never outlives the call; what it touches concurrently is the caller's contract above.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let task = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard task < tasks else { return }
                body(task, worker)
            }
        }
    }
}
