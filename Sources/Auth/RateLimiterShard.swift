import Synchronization

/// One lock's worth of buckets: a `RateLimiter` holds up to 16, chosen by the key's hash.
final class RateLimiterShard: Sendable {
    private struct State {
        var buckets: [String: TokenBucket] = [:]
        var uses: UInt64 = 0
    }

    private let state = Mutex(State())
    private let maxKeys: Int

    init(maxKeys: Int) { self.maxKeys = maxKeys }

    var count: Int { state.withLock { $0.buckets.count } }

    func acquire(_ key: String, limit: RateLimit, cost: Int, now: Double) -> RateDecision {
        state.withLock { state in
            state.uses += 1
            if state.buckets[key] == nil && state.buckets.count >= maxKeys {
                Self.evict(&state.buckets, keeping: maxKeys - max(1, maxKeys / 8), now: now)
            }
            var bucket = state.buckets[key] ?? TokenBucket(limit: limit, now: now, sequence: state.uses)
            bucket.lastUsed = state.uses
            let decision = bucket.take(cost, limit: limit, now: now)
            state.buckets[key] = bucket
            return decision
        }
    }

    /// Shrinks `buckets` to at most `target`: every full bucket goes (free to forget), then the least recently used.
    private static func evict(_ buckets: inout [String: TokenBucket], keeping target: Int, now: Double) {
        buckets = buckets.filter { !$0.value.isFull(now: now) }
        guard buckets.count > target else { return }
        let oldest = buckets.sorted { $0.value.lastUsed < $1.value.lastUsed }.prefix(buckets.count - target)
        for (key, _) in oldest { buckets[key] = nil }
    }
}
