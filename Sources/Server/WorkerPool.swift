import Synchronization
import Threading

/// A fixed set of threads running blocking work (SQLite, argon2, embedding, outbound calls) off the event loops,
/// fed by a bounded queue. When the queue is full `trySubmit` fails at once, and the caller answers 503 instead of
/// letting latency and memory grow without bound.
package final class WorkerPool: Sendable {
    private let queue: BlockingQueue<@Sendable () -> Void>
    private let threads: Mutex<[OSThread]>
    private let busy = Atomic<Int>(0)
    private let rejectedCount = Atomic<Int>(0)

    /// Number of threads.
    package let threadCount: Int

    /// Starts `threads` workers with room for `queueDepth` waiting jobs.
    package init(threads: Int, queueDepth: Int, name: String = "ragd-worker") {
        precondition(threads >= 1 && queueDepth >= 1)
        threadCount = threads
        let queue = BlockingQueue<@Sendable () -> Void>(capacity: queueDepth)
        self.queue = queue
        self.threads = Mutex([])
        let started = (0..<threads).map { index in
            OSThread.spawn(name: "\(name)-\(index)") { [queue, self] in
                while let job = queue.pop() {
                    self.busy.add(1, ordering: .relaxed)
                    job()
                    self.busy.subtract(1, ordering: .relaxed)
                }
            }
        }
        self.threads.withLock { $0 = started }
    }

    /// Queues `job` unless the queue is full or the pool is shut down; never blocks.
    package func trySubmit(_ job: @escaping @Sendable () -> Void) -> Bool {
        if queue.tryPush(job) { return true }
        rejectedCount.add(1, ordering: .relaxed)
        return false
    }

    /// Jobs waiting for a thread.
    package var queueDepth: Int { queue.count }

    /// Threads running a job right now.
    package var busyThreads: Int { busy.load(ordering: .relaxed) }

    /// Jobs refused because the queue was full, since start.
    package var rejected: Int { rejectedCount.load(ordering: .relaxed) }

    /// Stops taking jobs. With `wait`, lets queued and running jobs finish and joins the threads; without it, returns
    /// at once (a handler stuck on a dead upstream must not hold the process past its shutdown deadline).
    package func shutdown(wait: Bool = true) {
        queue.close()
        guard wait else { return }
        let started = threads.withLock { threads in
            defer { threads = [] }
            return threads
        }
        started.forEach { $0.join() }
    }
}
