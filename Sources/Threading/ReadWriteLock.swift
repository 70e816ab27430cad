#if canImport(Glibc)
import Glibc
#endif

/// A readers-writer lock (pthread_rwlock) for state that is read far more often than written — search indexes:
/// any number of readers at once, a writer alone. Writers are preferred, so a steady stream of searches cannot keep
/// an index update waiting forever.
package final class ReadWriteLock: @unchecked Sendable {
    private let handle = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    /// Creates an unlocked lock.
    package init() {
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        // glibc's default prefers readers, which starves writers under constant read load.
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        precondition(pthread_rwlock_init(handle, &attributes) == 0)
        pthread_rwlockattr_destroy(&attributes)
    }

    deinit {
        pthread_rwlock_destroy(handle)
        handle.deallocate()
    }

    /// Runs `body` holding the lock shared with other readers. Do not take the lock again inside `body`: a
    /// writer waiting in between would deadlock the nested read.
    package func reading<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(handle)
        defer { pthread_rwlock_unlock(handle) }
        return try body()
    }

    /// Runs `body` holding the lock alone.
    package func writing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(handle)
        defer { pthread_rwlock_unlock(handle) }
        return try body()
    }
}
