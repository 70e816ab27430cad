#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// How the kernel should weigh a thread against the others when cores are short.
package enum ThreadPriority: Sendable {
    /// The process's own priority: event loops and request workers.
    case normal
    /// Nice +10 (a tenth of a normal thread's share under contention): work nobody waits for and that may fall
    /// behind for a while — housekeeping, compaction. Under load it yields the cores to requests; on an idle
    /// machine it runs as fast. Not for work that must keep pace with the requests: the query-history writer at
    /// this priority fell 19,000 entries behind within a minute of saturating load and dropped history.
    case background

    static let backgroundIncrement: Int32 = 10
}

/// A named operating-system thread running one closure; `join()` waits for it to return.
///
/// Event loops, the worker pool, the SQLite writer and the log flusher each need a long-lived thread of their own with
/// a name that shows in `top -H` and core dumps; Swift concurrency's cooperative pool must never be blocked by them.
package final class OSThread: @unchecked Sendable {
    private var handle: pthread_t
    private var joined = false

    private init(handle: pthread_t) {
        self.handle = handle
    }

    /// Starts a thread named `name` (truncated to the kernel's 15 bytes) that runs `body` at `priority`.
    package static func spawn(name: String, priority: ThreadPriority = .normal,
                              _ body: @escaping @Sendable () -> Void) -> OSThread {
        let box = Unmanaged.passRetained(ThreadBody(name: name, priority: priority, body: body))
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
            ragd_set_thread_name(box.name)
            // Best effort: a failure (a seccomp profile that forbids it) leaves the thread at normal priority.
            if box.priority == .background { _ = ragd_lower_thread_priority(ThreadPriority.backgroundIncrement) }
            box.body()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return OSThread(handle: handle)
    }

    /// The calling thread's nice value (higher is lower priority).
    package static var currentNice: Int32 { ragd_thread_nice() }

    /// Waits for the thread's closure to return. Joining twice is a programmer error.
    package func join() {
        precondition(!joined, "thread joined twice")
        joined = true
        pthread_join(handle, nil)
    }
}

private final class ThreadBody {
    let name: String
    let priority: ThreadPriority
    let body: @Sendable () -> Void
    init(name: String, priority: ThreadPriority, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.priority = priority
        self.body = body
    }
}
