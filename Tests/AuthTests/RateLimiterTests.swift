import Synchronization
import Testing
import TestSupport
@testable import Auth

@Suite struct RateLimiterTests {
    let clock = ManualClock()

    @Test func burstThenDeny() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit.perMinute(60, burst: 5)  // 1 token/s
        for remaining in stride(from: 4, through: 0, by: -1) {
            let decision = limiter.acquire("key:a", limit: limit)
            #expect(decision == RateDecision(allowed: true, limit: 5, remaining: remaining, resetSeconds: 5 - remaining,
                                             retryAfterSeconds: 0))
        }
        let denied = limiter.acquire("key:a", limit: limit)
        #expect(denied == RateDecision(allowed: false, limit: 5, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1))
    }

    @Test func refillsOverTime() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit(capacity: 3, refillPerSecond: 0.5)
        for _ in 0..<3 { #expect(limiter.acquire("u", limit: limit).allowed) }
        #expect(limiter.acquire("u", limit: limit).retryAfterSeconds == 2)
        clock.advance(by: 1.5)
        let early = limiter.acquire("u", limit: limit)
        #expect(!early.allowed && early.retryAfterSeconds == 1 && early.resetSeconds == 5)
        clock.advance(by: 0.5)
        #expect(limiter.acquire("u", limit: limit) == RateDecision(allowed: true, limit: 3, remaining: 0, resetSeconds: 6,
                                                                   retryAfterSeconds: 0))
        clock.advance(by: 1000)
        #expect(limiter.acquire("u", limit: limit).remaining == 2)  // refill stops at capacity
    }

    @Test func slowRatesMakeWholeTokensDespiteRounding() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit.perMinute(1, burst: 1)
        #expect(limiter.acquire("k", limit: limit).allowed)
        #expect(limiter.acquire("k", limit: limit).retryAfterSeconds == 60)
        clock.advance(by: 59)
        #expect(limiter.acquire("k", limit: limit).retryAfterSeconds == 1)
        clock.advance(by: 1)
        #expect(limiter.acquire("k", limit: limit).allowed)
    }

    @Test func keysAreIndependent() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit(capacity: 2, refillPerSecond: 0.01)
        for _ in 0..<5 { _ = limiter.acquire("ip:1.2.3.4", limit: limit) }
        #expect(!limiter.acquire("ip:1.2.3.4", limit: limit).allowed)
        #expect(limiter.acquire("ip:5.6.7.8", limit: limit) == RateDecision(allowed: true, limit: 2, remaining: 1,
                                                                           resetSeconds: 100, retryAfterSeconds: 0))
        #expect(limiter.trackedKeys == 2)
    }

    @Test func costAboveOne() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit(capacity: 10, refillPerSecond: 1)
        #expect(limiter.acquire("k", limit: limit, cost: 4).remaining == 6)
        #expect(limiter.acquire("k", limit: limit, cost: 4).remaining == 2)
        let denied = limiter.acquire("k", limit: limit, cost: 4)
        #expect(!denied.allowed && denied.remaining == 2 && denied.retryAfterSeconds == 2)
        #expect(limiter.acquire("k", limit: limit, cost: 2).allowed)  // a denial takes nothing
        let impossible = limiter.acquire("k", limit: limit, cost: 11)
        #expect(!impossible.allowed && impossible.retryAfterSeconds == 10)
    }

    @Test func limitChangesApplyToExistingBuckets() {
        let limiter = RateLimiter(clock: clock)
        _ = limiter.acquire("k", limit: RateLimit(capacity: 100, refillPerSecond: 1))
        let downgraded = limiter.acquire("k", limit: RateLimit(capacity: 10, refillPerSecond: 1))
        #expect(downgraded.limit == 10 && downgraded.remaining == 9)
    }

    @Test func backwardClockStepsEarnNothing() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit(capacity: 1, refillPerSecond: 1)
        #expect(limiter.acquire("k", limit: limit).allowed)
        clock.advance(by: -100)
        #expect(!limiter.acquire("k", limit: limit).allowed)
        clock.advance(by: 100.5)
        #expect(!limiter.acquire("k", limit: limit).allowed)  // the same interval is not credited twice
        clock.advance(by: 0.5)
        #expect(limiter.acquire("k", limit: limit).allowed)
    }

    @Test func memoryIsBounded() {
        let limiter = RateLimiter(clock: clock, maxKeys: 100)
        let limit = RateLimit(capacity: 5, refillPerSecond: 0.001)
        for index in 0..<5000 {
            _ = limiter.acquire("ip:\(index)", limit: limit)
            #expect(limiter.trackedKeys <= 100)
        }
        #expect(limiter.trackedKeys >= 50)
    }

    @Test func evictsFullBucketsFirstThenLeastRecentlyUsed() {
        let limiter = RateLimiter(clock: clock, maxKeys: 8, shards: 1)
        let slow = RateLimit(capacity: 1, refillPerSecond: 0.001)
        let fast = RateLimit(capacity: 1, refillPerSecond: 1)
        for index in 0..<7 { _ = limiter.acquire("slow:\(index)", limit: slow) }  // drained, stay drained
        _ = limiter.acquire("fast", limit: fast)
        clock.advance(by: 2)  // "fast" is full again: forgetting it changes nothing
        _ = limiter.acquire("new:0", limit: slow)
        #expect(limiter.trackedKeys == 8)
        for index in 0..<7 { #expect(!limiter.acquire("slow:\(index)", limit: slow).allowed) }  // all kept
        // Now nothing is full, so the least recently used goes: new:0, used before the loop above.
        _ = limiter.acquire("new:1", limit: slow)
        #expect(limiter.trackedKeys == 8)
        #expect(!limiter.acquire("slow:0", limit: slow).allowed)
        #expect(limiter.acquire("new:0", limit: slow).allowed)  // forgotten, so a fresh full bucket
    }

    @Test func concurrentAcquiresNeverOverAdmit() {
        let limiter = RateLimiter(clock: clock)
        let limit = RateLimit(capacity: 1000, refillPerSecond: 0.001)
        let allowed = Atomic<Int>(0)
        let gate = Gate()
        let threads = (0..<8).map { _ in
            OSThreadHandle {
                gate.wait()
                for _ in 0..<500 where limiter.acquire("hot", limit: limit).allowed {
                    allowed.add(1, ordering: .relaxed)
                }
            }
        }
        gate.open(8)
        threads.forEach { $0.join() }
        #expect(allowed.load(ordering: .relaxed) == 1000)
    }
}
