import Threading

/// Admission control for password hashing: at most `capacity` hashes run at once, at most `maxWaiting` callers wait
/// for a slot, and anyone beyond is refused at once.
///
/// Each argon2id hash holds `m` KiB for its whole run (19 MiB by default); 200 simultaneous logins must not become
/// 200 × 19 MiB, and a flood must be shed (503) rather than queued without bound (OWASP ASVS 5 V6: resist denial of
/// service against password verification).
final class HashingSlots: @unchecked Sendable {
    private let lock = ConditionLock()
    private let capacity: Int
    private let maxWaiting: Int
    // Guarded by `lock`.
    private var runningCount = 0
    private var waitingCount = 0

    init(capacity: Int, maxWaiting: Int) {
        precondition(capacity >= 1, "at least one concurrent hash")
        precondition(maxWaiting >= 0, "negative waiting limit")
        self.capacity = capacity
        self.maxWaiting = maxWaiting
    }

    /// Hashes running now.
    var running: Int { lock.withLock { runningCount } }
    /// Callers waiting for a slot now.
    var waiting: Int { lock.withLock { waitingCount } }

    /// Runs `body` in a slot, waiting for one if needed; throws `.overloaded` if the waiting line is full.
    func withSlot<T>(_ body: () throws(PasswordError) -> T) throws(PasswordError) -> T {
        try acquire()
        defer { release() }
        return try body()
    }

    private func acquire() throws(PasswordError) {
        lock.lock()
        defer { lock.unlock() }
        if runningCount < capacity && waitingCount == 0 {
            runningCount += 1
            return
        }
        guard waitingCount < maxWaiting else { throw .overloaded }
        waitingCount += 1
        while runningCount >= capacity { lock.wait() }
        waitingCount -= 1
        runningCount += 1
    }

    private func release() {
        lock.withLock {
            runningCount -= 1
            lock.signal()
        }
    }
}
