import Synchronization

/// Progressive delays and lockout for failed logins, counted per account and per client IP (`LoginThrottlePolicy`).
///
/// Decisions depend only on the names it is given, never on whether an account exists, so unknown and known emails are
/// throttled identically and the throttle cannot be used to enumerate accounts.
///
/// A success resets the account's counter but not the IP's: otherwise an attacker holding one valid account could
/// log into it between guesses and spray passwords over every other account from one address without ever slowing
/// down. The IP counter decays only after `forgetAfter` without failures.
///
/// Only accounts lock; IPs only get delays (capped at `maxDelay`), since one attacker behind a shared address must
/// not be able to lock out an office. After a lock expires one more attempt is allowed; if it fails the count is
/// still ≥ `lockoutAfter` and the account locks again — consecutive means until a success or `forgetAfter`.
///
/// Memory is bounded by `maxEntries`: when full, stale counters go first, then those with the fewest failures (oldest
/// first), so flooding with fresh names evicts other fresh names rather than a locked account's record.
package final class LoginThrottle: Sendable {
    private enum Subject: Hashable {
        case account(String)
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

    /// A throttle applying `policy`, reading time from `clock`, remembering at most `maxEntries` accounts and IPs.
    package init(policy: LoginThrottlePolicy = .init(), clock: any Clock, maxEntries: Int = 100_000) {
        precondition(maxEntries >= 2, "room for at least one account and one IP")
        precondition(policy.freeFailures >= 0 && policy.ipFreeFailures >= 0 && policy.lockoutAfter >= 1)
        precondition(policy.baseDelay > 0 && policy.maxDelay >= policy.baseDelay && policy.lockoutDuration > 0)
        self.policy = policy
        self.clock = clock
        self.maxEntries = maxEntries
    }

    /// Counters held now (a gauge for metrics).
    package var trackedEntries: Int { records.withLock { $0.count } }

    /// Whether a login for `account` (the normalized email, existing or not) from `ip` may be tried now. Call before
    /// verifying the password; the stricter of the account's and the IP's states wins.
    package func check(account: String, ip: String) -> ThrottleDecision {
        let now = clock.now()
        return records.withLock { records in
            let byAccount = decision(records[.account(account)], freeFailures: policy.freeFailures, now: now)
            let byIP = decision(records[.ip(ip)], freeFailures: policy.ipFreeFailures, now: now)
            return Self.stricter(byAccount, byIP)
        }
    }

    /// Counts a failed login (wrong password or unknown account) against both the account and the IP.
    package func recordFailure(account: String, ip: String) {
        let now = clock.now()
        records.withLock { records in
            // Room for both records first, so evicting for one can never drop the other just written.
            if records.count > maxEntries - 2 { evict(&records, now: now) }
            for subject in [Subject.account(account), .ip(ip)] {
                var record = live(records[subject], now: now) ?? Record()
                record.failures += 1
                record.lastFailure = now
                if case .account = subject, record.failures >= policy.lockoutAfter {
                    record.lockedUntil = now + policy.lockoutDuration
                }
                records[subject] = record
            }
        }
    }

    /// Clears the account's failures after a successful login. The IP's counter stays (see the type's comment).
    package func recordSuccess(account: String, ip: String) {
        _ = records.withLock { $0.removeValue(forKey: .account(account)) }
    }

    /// `record` unless it is forgotten: no failure for `forgetAfter` seconds (its lock, shorter, has expired too).
    private func live(_ record: Record?, now: Double) -> Record? {
        guard let record, now - record.lastFailure < policy.forgetAfter || now < record.lockedUntil else { return nil }
        return record
    }

    private func decision(_ record: Record?, freeFailures: Int, now: Double) -> ThrottleDecision {
        guard let record = live(record, now: now) else { return .allowed }
        if now < record.lockedUntil { return .locked(retryAfterSeconds: Self.wholeSeconds(record.lockedUntil - now)) }
        let excess = record.failures - freeFailures
        guard excess > 0 else { return .allowed }
        // baseDelay · 2^(excess − 1), capped; the exponent is capped first so it cannot overflow to infinity.
        let delay = min(policy.maxDelay, policy.baseDelay * Double(sign: .plus, exponent: min(excess - 1, 64),
                                                                     significand: 1))
        let remaining = record.lastFailure + delay - now
        return remaining > 0 ? .wait(retryAfterSeconds: Self.wholeSeconds(remaining)) : .allowed
    }

    /// Drops stale records, then the least-failed (oldest first) until at most 7/8 of `maxEntries` (and room for two
    /// more) remain.
    private func evict(_ records: inout [Subject: Record], now: Double) {
        records = records.filter { live($0.value, now: now) != nil }
        let target = maxEntries - max(2, maxEntries / 8)
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
