/// One key's bucket: fractional tokens refilled lazily from the elapsed time on each use, so idle keys cost nothing.
struct TokenBucket {
    /// Tolerance on token arithmetic: 60 s × (1/60 token/s) must make a whole token even after rounding.
    static let epsilon = 1e-9

    private(set) var tokens: Double
    private(set) var updatedAt: Double
    private(set) var limit: RateLimit
    /// When the key was last used, as the shard's use counter: orders buckets for least-recently-used eviction.
    var lastUsed: UInt64

    /// A full bucket.
    init(limit: RateLimit, now: Double, sequence: UInt64) {
        tokens = Double(limit.capacity)
        updatedAt = now
        self.limit = limit
        lastUsed = sequence
    }

    /// Adds the tokens earned since the last update. A wall clock that steps back earns nothing and does not move
    /// `updatedAt` back, so the same interval is never credited twice.
    mutating func refill(now: Double) {
        let elapsed = now - updatedAt
        guard elapsed > 0 else { return }
        tokens = min(Double(limit.capacity), tokens + elapsed * limit.refillPerSecond)
        updatedAt = now
    }

    /// Whether the bucket would be full at `now`: then forgetting it changes nothing (a new bucket starts full).
    func isFull(now: Double) -> Bool {
        var copy = self
        copy.refill(now: now)
        return copy.tokens + Self.epsilon >= Double(copy.limit.capacity)
    }

    /// Takes `cost` tokens if there are enough, under `limit` (which may differ from last time, e.g. after a plan
    /// change: the bucket keeps its tokens up to the new capacity).
    mutating func take(_ cost: Int, limit: RateLimit, now: Double) -> RateDecision {
        refill(now: now)
        if limit != self.limit {
            self.limit = limit
            tokens = min(tokens, Double(limit.capacity))
        }
        let allowed = tokens + Self.epsilon >= Double(cost)
        if allowed { tokens = max(0, tokens - Double(cost)) }
        let rate = limit.refillPerSecond
        return RateDecision(
            allowed: allowed,
            limit: limit.capacity,
            remaining: Int((tokens + Self.epsilon).rounded(.down)),
            resetSeconds: Self.seconds((Double(limit.capacity) - tokens) / rate),
            // A cost above the capacity can never pass; it is told to come back when the bucket is full.
            retryAfterSeconds: allowed ? 0 : max(1, Self.seconds((Double(min(cost, limit.capacity)) - tokens) / rate))
        )
    }

    /// `seconds` rounded up to whole seconds, ignoring float noise just above an integer; capped at a year so absurd
    /// rates cannot overflow `Int`.
    private static func seconds(_ seconds: Double) -> Int {
        guard seconds > epsilon else { return 0 }
        return Int(min(31_536_000, (seconds - epsilon).rounded(.up)))
    }
}
