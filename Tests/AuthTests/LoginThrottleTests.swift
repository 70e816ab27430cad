import Synchronization
import Testing
import TestSupport
import Threading
@testable import Auth

@Suite struct LoginThrottleTests {
    let clock = ManualClock()

    /// `times` attempts that fail (allowed ones are counted as failures by `attempt` itself); returns the decisions.
    @discardableResult
    private func fail(_ throttle: LoginThrottle, _ times: Int, account: String = "alice@example.com",
                      ip: String = "10.0.0.1") -> [ThrottleDecision] {
        (0..<times).map { _ in throttle.attempt(account: account, ip: ip) }
    }

    @Test func freeFailuresThenDoublingDelaysUpToTheCap() {
        let throttle = LoginThrottle(clock: clock)
        #expect(fail(throttle, 5).allSatisfy { $0 == .allowed })
        // After failure 5 the sixth try is still free; after failure 6 the wait is 1 s, then 2 s, … up to 900 s.
        var expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
        #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .allowed)
        while !expected.isEmpty {
            let delay = expected.removeFirst()
            #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: delay))
            clock.advance(by: Double(delay) - 0.5)
            #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: 1))
            clock.advance(by: 0.5)
            #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .allowed)  // and fails again
        }
    }

    /// A stranger failing against alice from their address cannot keep alice out from hers (the review's M6).
    @Test func delaysFollowTheAccountAndAddressPair() {
        let throttle = LoginThrottle(clock: clock)
        fail(throttle, 30, account: "alice@example.com", ip: "203.0.113.66")
        #expect(throttle.attempt(account: "alice@example.com", ip: "203.0.113.66") != .allowed)
        #expect(throttle.attempt(account: "alice@example.com", ip: "192.0.2.10") == .allowed)
        throttle.succeeded(account: "alice@example.com", ip: "192.0.2.10")
    }

    @Test func successResetsTheAccountButNotTheAddress() {
        let throttle = LoginThrottle(clock: clock)
        for index in 0..<21 { _ = throttle.attempt(account: "user\(index)@example.com", ip: "10.0.0.1") }
        #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: 1))
        clock.advance(by: 1)
        #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .allowed)
        throttle.succeeded(account: "alice@example.com", ip: "10.0.0.1")
        // 21 failures from 10.0.0.1 remain: signing into one account does not clear spraying history.
        #expect(throttle.attempt(account: "bob@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: 1))
    }

    @Test func addressesHaveTheirOwnAllowanceAndNeverLock() {
        let throttle = LoginThrottle(clock: clock)
        for index in 0..<20 { #expect(throttle.attempt(account: "user\(index)@example.com", ip: "203.0.113.7") == .allowed) }
        #expect(throttle.attempt(account: "someone@example.com", ip: "203.0.113.7") == .allowed)  // the 21st
        #expect(throttle.attempt(account: "other@example.com", ip: "203.0.113.7") == .wait(retryAfterSeconds: 1))
        #expect(throttle.attempt(account: "user0@example.com", ip: "198.51.100.1") == .allowed)
        for _ in 0..<40 {
            clock.advance(by: 1000)
            _ = throttle.attempt(account: "spray@example.com", ip: "203.0.113.7")
        }
        #expect(throttle.attempt(account: "x@example.com", ip: "203.0.113.7") == .wait(retryAfterSeconds: 900))
    }

    @Test func lockoutAfterConsecutiveFailuresFromAnywhere() {
        let throttle = LoginThrottle(clock: clock)
        for index in 0..<99 {
            #expect(throttle.attempt(account: "victim@example.com", ip: "10.1.\(index / 250).\(index % 250)") == .allowed)
        }
        #expect(throttle.attempt(account: "victim@example.com", ip: "10.2.0.0") == .allowed)  // the 100th: locks
        #expect(throttle.attempt(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 3600))
        clock.advance(by: 3599)
        #expect(throttle.attempt(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 1))
        clock.advance(by: 1)
        #expect(throttle.attempt(account: "victim@example.com", ip: "192.0.2.1") == .allowed)  // fails: locks again
        #expect(throttle.attempt(account: "victim@example.com", ip: "192.0.2.2") == .locked(retryAfterSeconds: 3600))
        #expect(throttle.attempt(account: "bob@example.com", ip: "192.0.2.1") == .allowed)
    }

    /// Concurrent guesses cannot all pass the check before a failure is recorded (the review's L1).
    @Test func concurrentAttemptsAreReservedOneByOne() {
        var policy = LoginThrottlePolicy()
        policy.freeFailures = 1
        let throttle = LoginThrottle(policy: policy, clock: clock)
        let allowed = Mutex(0)
        let threads = (0..<12).map { _ in
            OSThreadHandle {
                if throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .allowed {
                    allowed.withLock { $0 += 1 }
                }
            }
        }
        threads.forEach { $0.join() }
        #expect(allowed.withLock { $0 } == 2)
    }

    @Test func abandonedAttemptsDoNotCount() {
        let throttle = LoginThrottle(clock: clock)
        for _ in 0..<50 {
            #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .allowed)
            throttle.abandoned(account: "alice@example.com", ip: "10.0.0.1")
        }
        #expect(throttle.trackedEntries == 0)
    }

    @Test func countersAreForgottenAfterQuietPeriod() {
        let throttle = LoginThrottle(clock: clock)
        fail(throttle, 12)
        clock.advance(by: 86_400)
        #expect(fail(throttle, 6).allSatisfy { $0 == .allowed }, "forgotten: free again")
        #expect(throttle.attempt(account: "alice@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: 1))
    }

    /// The throttle never learns whether an account exists: the same history gives the same decisions for any name.
    @Test func unknownAccountsAreThrottledLikeKnownOnes() {
        let throttle = LoginThrottle(clock: clock)
        let known = fail(throttle, 12, account: "alice@example.com", ip: "10.0.0.1")
        let unknown = fail(throttle, 12, account: "no-such-user@example.com", ip: "10.0.0.2")
        #expect(known == unknown)
        #expect(known.last == .wait(retryAfterSeconds: 1))
    }

    @Test func memoryIsBoundedAndLocksSurviveFloods() {
        let throttle = LoginThrottle(clock: clock, maxEntries: 60)
        for index in 0..<100 { _ = throttle.attempt(account: "victim@example.com", ip: "10.0.\(index / 250).\(index % 250)") }
        for index in 0..<2000 {
            _ = throttle.attempt(account: "flood\(index)@example.com", ip: "198.51.100.\(index % 200)")
            #expect(throttle.trackedEntries <= 60)
        }
        #expect(throttle.attempt(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 3600))
    }
}
