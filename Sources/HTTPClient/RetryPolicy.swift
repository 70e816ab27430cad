/// When and how long to wait before trying a failed request again: exponential backoff with full jitter (AWS
/// Architecture Blog, "Exponential Backoff and Jitter", 2015): before attempt `n + 1` wait a uniformly random time in
/// `[0, min(maxDelay, baseDelay · 2^(n−1))]`, so clients that failed together do not retry together. A server's
/// `Retry-After` (in seconds) replaces the random wait, capped at `maxDelay`.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts in total, the first included (1 = never retry).
    package var maxAttempts: Int
    /// The backoff ceiling after the first failure, in seconds.
    package var baseDelay: Double
    /// The longest wait, in seconds, whatever the attempt or `Retry-After`.
    package var maxDelay: Double

    /// Statuses worth another attempt: rate limiting and the server-side failures that are usually transient.
    package static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// A policy; the defaults suit model providers (three attempts, waits up to 0.5 s, then 1 s, capped at 8 s).
    package init(maxAttempts: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 8) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The most the wait after failed attempt `attempt` (1-based) can be: `min(maxDelay, baseDelay · 2^(attempt−1))`.
    package func ceiling(afterAttempt attempt: Int) -> Double {
        let doublings = min(max(attempt - 1, 0), 62)
        return min(maxDelay, baseDelay * Double(sign: .plus, exponent: doublings, significand: 1))
    }

    /// The wait after failed attempt `attempt`, given the server's `Retry-After` (if any) and `unit`, a uniform random
    /// number in `[0, 1)` (injected so tests can pin it).
    package func delay(afterAttempt attempt: Int, retryAfter: Double?, unit: Double) -> Double {
        if let retryAfter { return min(max(retryAfter, 0), maxDelay) }
        return ceiling(afterAttempt: attempt) * min(max(unit, 0), 1)
    }

    /// Whether a failure of this kind may succeed on another attempt. Timeouts and dropped connections qualify;
    /// cancellation, bad certificates, malformed responses and the caller's own errors do not.
    package static func isRetryable(_ error: HTTPClientError) -> Bool {
        switch error.kind {
        case .connectFailed, .connectTimeout, .readTimeout, .writeTimeout, .connectionClosed: true
        case .httpStatus: error.status.map(retryableStatuses.contains) ?? false
        default: false
        }
    }

    /// `Retry-After` as seconds: the delay-seconds form only (an HTTP-date would need the wall clock and is rare from
    /// APIs; it is ignored and the backoff applies).
    package static func retryAfterSeconds(_ value: String?) -> Double? {
        guard let value, !value.isEmpty, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let seconds = Int(value.prefix(9)) else { return nil }
        return Double(seconds)
    }
}
