#if canImport(Glibc)
import Glibc
#endif
import Threading

/// A one-shot gate a handler waits on until the test opens it.
package final class Gate: Sendable {
    private let queue = BlockingQueue<Bool>(capacity: 64)
    package init() {}
    package func wait() { _ = queue.pop(until: MonotonicClock.now + 10_000_000_000) }
    package func open(_ times: Int = 1) { for _ in 0..<times { _ = queue.tryPush(true) } }
}

/// Polls `condition` for up to `seconds`.
package func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = MonotonicClock.now + MonotonicClock.nanoseconds(seconds)
    while MonotonicClock.now < deadline {
        if condition() { return true }
        usleepMillis(5)
    }
    return condition()
}

/// Sleeps the calling thread.
package func usleepMillis(_ ms: UInt32) { usleep(ms * 1000) }

/// Runs a closure on its own thread (for calls that block, like shutdown).
package final class OSThreadHandle: Sendable {
    private let thread: Threading.OSThread
    package init(_ body: @escaping @Sendable () -> Void) { thread = Threading.OSThread.spawn(name: "test-helper", body) }
    package func join() { thread.join() }
}
