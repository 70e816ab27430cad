/// A token-bucket limit: up to `capacity` requests at once (the burst), refilled continuously at `refillPerSecond`.
package struct RateLimit: Sendable, Equatable {
    /// Tokens a full bucket holds: the largest burst.
    package var capacity: Int
    /// Tokens added per second: the sustained rate.
    package var refillPerSecond: Double

    /// A limit with a burst of `capacity` (≥ 1) and a sustained rate of `refillPerSecond` (> 0).
    package init(capacity: Int, refillPerSecond: Double) {
        precondition(capacity >= 1, "a bucket holds at least one token")
        precondition(refillPerSecond > 0 && refillPerSecond.isFinite, "the refill rate must be positive and finite")
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
    }

    /// `n` requests per minute sustained, with bursts of up to `burst`.
    package static func perMinute(_ n: Int, burst: Int) -> RateLimit {
        RateLimit(capacity: burst, refillPerSecond: Double(n) / 60)
    }
}

/// The outcome of one `RateLimiter.acquire`, with what the `RateLimit-*` and `Retry-After` headers need
/// (IETF draft-ietf-httpapi-ratelimit-headers; RFC 9110 §10.2.3).
package struct RateDecision: Sendable, Equatable {
    /// Whether the request may proceed (its tokens were taken).
    package var allowed: Bool
    /// The bucket's capacity.
    package var limit: Int
    /// Whole tokens left after this request.
    package var remaining: Int
    /// Seconds until the bucket is full again, rounded up.
    package var resetSeconds: Int
    /// 0 when allowed; otherwise seconds until enough tokens for this request, rounded up.
    package var retryAfterSeconds: Int

    /// A decision with every field given.
    package init(allowed: Bool, limit: Int, remaining: Int, resetSeconds: Int, retryAfterSeconds: Int) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }
}
