#if canImport(Glibc)
import Glibc
#endif
import CLinux

/// A mutex with one or more condition variables whose timed waits use the monotonic clock, so a wall-clock jump never
/// cuts a wait short or stretches it. Several conditions let a queue wake exactly one consumer or one producer instead
/// of every waiter.
package final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let conditions: UnsafeMutablePointer<pthread_cond_t>
    private let conditionCount: Int

    /// Creates an unlocked lock with `conditions` (≥ 1) condition variables, addressed by index.
    package init(conditions: Int = 1) {
        precondition(conditions >= 1)
        conditionCount = conditions
        self.conditions = .allocate(capacity: conditions)
        precondition(pthread_mutex_init(mutex, nil) == 0)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for index in 0..<conditions {
            precondition(pthread_cond_init(self.conditions + index, &attributes) == 0)
        }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        for index in 0..<conditionCount { pthread_cond_destroy(conditions + index) }
        pthread_mutex_destroy(mutex)
        conditions.deallocate()
        mutex.deallocate()
    }

    /// Acquires the lock.
    package func lock() { pthread_mutex_lock(mutex) }

    /// Releases the lock.
    package func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` while holding the lock.
    package func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Waits for a signal on condition `index`; the lock must be held and is held again on return. Spurious wake-ups
    /// happen: loop on the predicate you wait for.
    package func wait(on index: Int = 0) {
        pthread_cond_wait(conditions + checked(index), mutex)
    }

    /// Waits on condition `index` until the monotonic `deadline` (nanoseconds, `MonotonicClock.now`); false on timeout.
    @discardableResult
    package func wait(on index: Int = 0, until deadline: UInt64) -> Bool {
        var spec = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        return pthread_cond_timedwait(conditions + checked(index), mutex, &spec) != ETIMEDOUT
    }

    /// Wakes one waiter of condition `index`.
    package func signal(_ index: Int = 0) { pthread_cond_signal(conditions + checked(index)) }

    /// Wakes every waiter of condition `index`.
    package func broadcast(_ index: Int = 0) { pthread_cond_broadcast(conditions + checked(index)) }

    private func checked(_ index: Int) -> Int {
        precondition(index >= 0 && index < conditionCount, "no condition \(index)")
        return index
    }
}
