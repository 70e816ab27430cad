@testable import HTTPClient
import Synchronization
import TestSupport
import Testing

private let second: UInt64 = 1_000_000_000

/// A clock the test moves by hand.
private final class ManualClock: Sendable {
    private let now = Atomic<UInt64>(1_000 * 1_000_000_000)
    var reading: UInt64 { now.load(ordering: .relaxed) }
    func advance(seconds: UInt64) { now.add(seconds * second, ordering: .relaxed) }
}

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    @Test func opensAfterConsecutiveFailuresAndRecoversThroughOneTrial() {
        var breaker = CircuitBreaker(settings: .init(failureThreshold: 3, coolDown: 10))
        let start: UInt64 = 50 * second
        #expect(breaker.admit(now: start) == .allow)
        breaker.record(.failure, now: start)
        breaker.record(.failure, now: start)
        #expect(breaker.state == .closed(consecutiveFailures: 2))
        breaker.record(.success, now: start)
        #expect(breaker.state == .closed(consecutiveFailures: 0), "a success resets the count")
        for _ in 0..<3 { breaker.record(.failure, now: start) }
        #expect(breaker.state == .open(until: start + 10 * second))
        #expect(breaker.admit(now: start + 4 * second) == .reject(retryAfter: 6))
        #expect(breaker.admit(now: start + 10 * second) == .trial)
        #expect(breaker.admit(now: start + 10 * second) == .reject(retryAfter: 0), "one trial at a time")
        breaker.record(.failure, now: start + 11 * second)
        #expect(breaker.state == .open(until: start + 21 * second), "a failed trial opens it again")
        #expect(breaker.admit(now: start + 20 * second) == .reject(retryAfter: 1))
        #expect(breaker.admit(now: start + 21 * second) == .trial)
        breaker.record(.success, now: start + 21 * second)
        #expect(breaker.state == .closed(consecutiveFailures: 0))
        #expect(breaker.admit(now: start + 21 * second) == .allow)
    }

    @Test func neutralOutcomesReleaseTheTrialWithoutAVerdict() {
        var breaker = CircuitBreaker(settings: .init(failureThreshold: 1, coolDown: 1))
        breaker.record(.failure, now: 0)
        #expect(breaker.admit(now: second) == .trial)
        breaker.record(.neutral, now: second)
        #expect(breaker.state == .halfOpen(trialInFlight: false))
        #expect(breaker.admit(now: second) == .trial)
        breaker.record(.neutral, now: second)
        breaker.record(.neutral, now: second)
        #expect(breaker.state == .halfOpen(trialInFlight: false))
        var closed = CircuitBreaker(settings: .init(failureThreshold: 2, coolDown: 1))
        closed.record(.failure, now: 0)
        closed.record(.neutral, now: 0)
        #expect(closed.state == .closed(consecutiveFailures: 1), "neutral neither counts nor resets")
    }

    @Test func breakersAreKeptPerProviderOnAnInjectedClock() {
        let clock = ManualClock()
        let breakers = CircuitBreakers(settings: .init(failureThreshold: 2, coolDown: 5)) { clock.reading }
        for _ in 0..<2 {
            #expect(breakers.admit("a") == .allow)
            breakers.record(.failure, for: "a")
        }
        #expect(breakers.admit("a") == .reject(retryAfter: 5))
        #expect(breakers.admit("b") == .allow, "another provider is unaffected")
        clock.advance(seconds: 5)
        #expect(breakers.admit("a") == .trial)
        breakers.record(.success, for: "a")
        #expect(breakers.state(of: "a") == .closed(consecutiveFailures: 0))
    }

    @Test func whatCountsAsAProviderFailure() {
        func outcome(_ kind: HTTPClientError.Kind, status: Int? = nil) -> CircuitBreaker.Outcome {
            HTTPClient.outcome(of: HTTPClientError(kind, "x", status: status))
        }
        #expect(outcome(.httpStatus, status: 500) == .failure)
        #expect(outcome(.httpStatus, status: 503) == .failure)
        #expect(outcome(.httpStatus, status: 404) == .success)
        #expect(outcome(.httpStatus, status: 429) == .neutral)
        #expect(outcome(.readTimeout) == .failure)
        #expect(outcome(.connectFailed) == .failure)
        #expect(outcome(.cancelled) == .neutral)
        #expect(outcome(.consumerFailed) == .neutral)
    }
}

@Suite("Retry backoff")
struct RetryPolicyTests {
    @Test func ceilingsDoubleUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 0.1, maxDelay: 1)
        #expect([1, 2, 3, 4, 5].map(policy.ceiling(afterAttempt:)) == [0.1, 0.2, 0.4, 0.8, 1.0])
        #expect(policy.ceiling(afterAttempt: 1_000) == 1.0, "no overflow for absurd attempt numbers")
    }

    @Test func fullJitterStaysWithinTheCeiling() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: 0.1, maxDelay: 1)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0) == 0)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, unit: 0.5) == 0.2)
        var samples: [Double] = []
        var generator = SplitMix64(seed: 7)
        for _ in 0..<1_000 {
            samples.append(policy.delay(afterAttempt: 3, retryAfter: nil, unit: Double.random(in: 0..<1, using: &generator)))
        }
        #expect(samples.allSatisfy { $0 >= 0 && $0 <= 0.4 })
        #expect(samples.max()! > 0.3 && samples.min()! < 0.1, "spread over the whole range")
    }

    @Test func retryAfterIsHonouredUpToTheCap() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 0.1, maxDelay: 2)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 1.5, unit: 0.9) == 1.5)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 30, unit: 0.9) == 2)
        #expect(RetryPolicy.retryAfterSeconds("3") == 3)
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.retryAfterSeconds("-1") == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil) == nil)
    }

    @Test func whichFailuresAreRetried() {
        #expect(RetryPolicy.isRetryable(HTTPClientError(.httpStatus, "", status: 429)))
        #expect(RetryPolicy.isRetryable(HTTPClientError(.httpStatus, "", status: 503)))
        #expect(!RetryPolicy.isRetryable(HTTPClientError(.httpStatus, "", status: 400)))
        #expect(!RetryPolicy.isRetryable(HTTPClientError(.httpStatus, "", status: 501)))
        #expect(RetryPolicy.isRetryable(HTTPClientError(.readTimeout, "")))
        #expect(RetryPolicy.isRetryable(HTTPClientError(.connectionClosed, "")))
        #expect(!RetryPolicy.isRetryable(HTTPClientError(.cancelled, "")))
        #expect(!RetryPolicy.isRetryable(HTTPClientError(.certificateInvalid, "")))
        #expect(!RetryPolicy.isRetryable(HTTPClientError(.protocolError, "")))
    }
}
