import Synchronization

/// Token-bucket rate limiting by key (an API key, a user, a client IP), in memory and bounded.
///
/// Keys are spread over shards by a per-process-seeded hash (`Hasher`), each with its own lock, so a hot key only
/// contends with the few keys sharing its shard and an attacker cannot aim many keys at one shard. Memory is bounded by
/// `maxKeys`: when a shard is full it first forgets buckets that have refilled completely (forgetting those changes
/// no decision: a new bucket starts full), then the least recently used, in batches so eviction is amortized.
package final class RateLimiter: Sendable {
    /// Most shards; fewer when `maxKeys` is tiny so each holds at least one key.
    static let shardLimit = 16

    private let clock: any Clock
    private let shards: [RateLimiterShard]

    /// A limiter reading time from `clock` and tracking at most `maxKeys` keys.
    package convenience init(clock: any Clock, maxKeys: Int = 100_000) {
        self.init(clock: clock, maxKeys: maxKeys, shards: min(Self.shardLimit, maxKeys))
    }

    /// A limiter with an explicit shard count (tests use one shard to observe eviction order).
    init(clock: any Clock, maxKeys: Int, shards count: Int) {
        precondition(maxKeys >= 1, "maxKeys must be positive")
        precondition(count >= 1 && count <= maxKeys, "between 1 and maxKeys shards")
        self.clock = clock
        shards = (0..<count).map { _ in RateLimiterShard(maxKeys: maxKeys / count) }
    }

    /// Takes `cost` tokens from `key`'s bucket under `limit` if it has them. Keys of different kinds must not collide:
    /// prefix them (`"key:…"`, `"user:…"`, `"ip:…"`).
    package func acquire(_ key: String, limit: RateLimit, cost: Int = 1) -> RateDecision {
        precondition(cost >= 1, "a request costs at least one token")
        return shard(for: key).acquire(key, limit: limit, cost: cost, now: clock.now())
    }

    /// Keys with a bucket in memory now (a gauge for metrics).
    package var trackedKeys: Int { shards.reduce(0) { $0 + $1.count } }

    private func shard(for key: String) -> RateLimiterShard {
        var hasher = Hasher()
        hasher.combine(key)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
    }
}
