#if canImport(Glibc)
import Glibc
#endif
import CLinux

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

    /// Starts a thread named `name` (truncated to the kernel's 15 bytes) that runs `body`.
    package static func spawn(name: String, _ body: @escaping @Sendable () -> Void) -> OSThread {
        let box = Unmanaged.passRetained(ThreadBody(name: name, body: body))
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
            ragd_set_thread_name(box.name)
            box.body()
            return nil
        }, box.toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        return OSThread(handle: handle)
    }

    /// Waits for the thread's closure to return. Joining twice is a programmer error.
    package func join() {
        precondition(!joined, "thread joined twice")
        joined = true
        pthread_join(handle, nil)
    }
}

private final class ThreadBody {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
