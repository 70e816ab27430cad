/// How failed logins slow down further attempts.
///
/// NIST SP 800-63B §3.2.2 (Rev. 4; §5.2.2 in Rev. 3): at most 100 consecutive failed attempts on one account; OWASP
/// Authentication Cheat Sheet: progressive delays rather than early hard lockouts, which hand attackers a denial of
/// service. Defaults: 5 free failures, then 1 s, 2 s, 4 s, … capped at 15 min, and a 1-hour lock at 100. Once delays cap
/// an attacker gets about 96 guesses a day per account, and the lock stops what remains.
package struct LoginThrottlePolicy: Sendable, Equatable {
    /// Consecutive failures per account and client address before delays start.
    package var freeFailures = 5
    /// The first delay in seconds; it doubles with each further failure.
    package var baseDelay: Double = 1
    /// The longest progressive delay in seconds.
    package var maxDelay: Double = 900
    /// Consecutive failures that lock the account for `lockoutDuration` (NIST: no more than 100).
    package var lockoutAfter = 100
    /// Seconds an account stays locked.
    package var lockoutDuration: Double = 3600
    /// Consecutive failures per client IP before delays start: higher, since offices and carrier NAT share addresses.
    package var ipFreeFailures = 20
    /// Seconds without a failure after which a counter starts again from zero.
    package var forgetAfter: Double = 86_400

    /// The defaults above.
    package init() {}
}

/// What a login attempt may do now.
package enum ThrottleDecision: Sendable, Equatable {
    /// Go ahead and verify the password.
    case allowed
    /// Too many recent failures: answer 429 with `Retry-After` and do not verify the password.
    case wait(retryAfterSeconds: Int)
    /// The account is locked after `lockoutAfter` consecutive failures: answer 429 (not 401/403, which would confirm
    /// the account) with `Retry-After`.
    case locked(retryAfterSeconds: Int)
}
