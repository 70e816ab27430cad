import Synchronization

/// Progressive delays and lockout for failed logins (`LoginThrottlePolicy`).
///
/// Three counters per attempt, each reading only the names it is given (never whether an account exists, so the
/// throttle cannot enumerate accounts):
/// - **(account, client address)** drives the progressive delays. Keying delays on the pair means a stranger failing
///   against an account from their address slows only themselves: they cannot keep the owner out from elsewhere.
/// - **client address** gets delays too, with a higher allowance, so one address spraying many accounts slows down.
/// - **account** alone only counts toward the hard lock after `lockoutAfter` consecutive failures (NIST SP 800-63B):
///   the bound on guesses against one account, however many addresses the guesses come from.
///
/// An attempt is reserved before the password is verified (`attempt` counts it as a failure at once, `succeeded`
/// takes it back), so concurrent guesses cannot all pass the check before any failure is recorded.
///
/// Memory is bounded by `maxEntries`: when full, stale counters go first, then those with the fewest failures (oldest
/// first), so flooding with fresh names evicts other fresh names rather than a locked account's record.
package final class LoginThrottle: Sendable {
    private enum Subject: Hashable {
        case account(String)
        case pair(String, String)
        case ip(String)
    }

    private struct Record {
        var failures = 0
        var lastFailure = 0.0
        var lockedUntil = 0.0
    }

    /// The rules applied.
    package let policy: LoginThrottlePolicy
    private let clock: any Clock
    private let maxEntries: Int
    private let records = Mutex<[Subject: Record]>([:])

    /// A throttle applying `policy`, reading time from `clock`, remembering at most `maxEntries` counters.
    package init(policy: LoginThrottlePolicy = .init(), clock: any Clock, maxEntries: Int = 100_000) {
        precondition(maxEntries >= 3, "room for an account, a pair and an address")
        precondition(policy.freeFailures >= 0 && policy.ipFreeFailures >= 0 && policy.lockoutAfter >= 1)
        precondition(policy.baseDelay > 0 && policy.maxDelay >= policy.baseDelay && policy.lockoutDuration > 0)
        self.policy = policy
        self.clock = clock
        self.maxEntries = maxEntries
    }

    /// Counters held now (a gauge for metrics).
    package var trackedEntries: Int { records.withLock { $0.count } }

    /// Whether a login for `account` (the normalized email, existing or not) from `ip` may be tried now. When it may,
    /// the attempt is counted as a failure right away; call `succeeded` when the password was right, or `abandoned`
    /// when it was never checked.
    package func attempt(account: String, ip: String) -> ThrottleDecision {
        let now = clock.now()
        return records.withLock { records in
            let decision = Self.stricter(
                lockDecision(records[.account(account)], now: now),
                Self.stricter(delayDecision(records[.pair(account, ip)], freeFailures: policy.freeFailures, now: now),
                              delayDecision(records[.ip(ip)], freeFailures: policy.ipFreeFailures, now: now)))
            guard decision == .allowed else { return decision }
            if records.count > maxEntries - 3 { evict(&records, now: now) }
            for subject in [Subject.account(account), .pair(account, ip), .ip(ip)] {
                var record = live(records[subject], now: now) ?? Record()
                record.failures += 1
                record.lastFailure = now
                if case .account = subject, record.failures >= policy.lockoutAfter {
                    record.lockedUntil = now + policy.lockoutDuration
                }
                records[subject] = record
            }
            return .allowed
        }
    }

    /// The attempt's password was right: the account's counters start again. The address keeps its history (minus
    /// this attempt), so an attacker holding one valid account cannot log into it to reset their spraying counter.
    package func succeeded(account: String, ip: String) {
        records.withLock { records in
            records[.account(account)] = nil
            records[.pair(account, ip)] = nil
            Self.takeBack(&records, .ip(ip))
        }
    }

    /// The attempt was never judged (e.g. the server was too busy to hash): it does not count.
    package func abandoned(account: String, ip: String) {
        records.withLock { records in
            for subject in [Subject.account(account), .pair(account, ip), .ip(ip)] { Self.takeBack(&records, subject) }
        }
    }

    private static func takeBack(_ records: inout [Subject: Record], _ subject: Subject) {
        guard var record = records[subject] else { return }
        record.failures -= 1
        if record.failures <= 0 {
            records[subject] = nil
        } else {
            records[subject] = record
        }
    }

    /// `record` unless it is forgotten: no failure for `forgetAfter` seconds (its lock, shorter, has expired too).
    private func live(_ record: Record?, now: Double) -> Record? {
        guard let record, now - record.lastFailure < policy.forgetAfter || now < record.lockedUntil else { return nil }
        return record
    }

    private func lockDecision(_ record: Record?, now: Double) -> ThrottleDecision {
        guard let record = live(record, now: now), now < record.lockedUntil else { return .allowed }
        return .locked(retryAfterSeconds: Self.wholeSeconds(record.lockedUntil - now))
    }

    private func delayDecision(_ record: Record?, freeFailures: Int, now: Double) -> ThrottleDecision {
        guard let record = live(record, now: now) else { return .allowed }
        let excess = record.failures - freeFailures
        guard excess > 0 else { return .allowed }
        // baseDelay · 2^(excess − 1), capped; the exponent is capped first so it cannot overflow to infinity.
        let delay = min(policy.maxDelay, policy.baseDelay * Double(sign: .plus, exponent: min(excess - 1, 64),
                                                                     significand: 1))
        let remaining = record.lastFailure + delay - now
        return remaining > 0 ? .wait(retryAfterSeconds: Self.wholeSeconds(remaining)) : .allowed
    }

    /// Drops stale records, then the least-failed (oldest first) until at most 7/8 of `maxEntries` (and room for three
    /// more) remain.
    private func evict(_ records: inout [Subject: Record], now: Double) {
        records = records.filter { live($0.value, now: now) != nil }
        let target = maxEntries - max(3, maxEntries / 8)
        guard records.count > target else { return }
        let victims = records.sorted {
            ($0.value.failures, $0.value.lastFailure) < ($1.value.failures, $1.value.lastFailure)
        }.prefix(records.count - target)
        for (subject, _) in victims { records[subject] = nil }
    }

    private static func stricter(_ a: ThrottleDecision, _ b: ThrottleDecision) -> ThrottleDecision {
        switch (a, b) {
        case (.locked(let x), .locked(let y)): .locked(retryAfterSeconds: max(x, y))
        case (.locked, _): a
        case (_, .locked): b
        case (.wait(let x), .wait(let y)): .wait(retryAfterSeconds: max(x, y))
        case (.wait, _): a
        case (_, .wait): b
        case (.allowed, .allowed): .allowed
        }
    }

    private static func wholeSeconds(_ seconds: Double) -> Int { max(1, Int(min(seconds, 1e9).rounded(.up))) }
}
