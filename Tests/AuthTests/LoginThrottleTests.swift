import Testing
@testable import Auth

@Suite struct LoginThrottleTests {
    let clock = ManualClock()

    private func fail(_ throttle: LoginThrottle, _ times: Int, account: String = "alice@example.com", ip: String = "10.0.0.1") {
        for _ in 0..<times { throttle.recordFailure(account: account, ip: ip) }
    }

    @Test func freeFailuresThenDoublingDelaysUpToTheCap() {
        let throttle = LoginThrottle(clock: clock)
        fail(throttle, 5)
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.1") == .allowed)
        // Failure 6 waits 1 s, 7 waits 2 s, … 15 waits 512 s, 16 and later the 900 s cap.
        var expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
        var failures = 5
        while !expected.isEmpty {
            fail(throttle, 1)
            failures += 1
            let delay = expected.removeFirst()
            #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.2") == .wait(retryAfterSeconds: delay),
                     "after \(failures) failures")
            clock.advance(by: Double(delay) - 0.5)
            #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.2") == .wait(retryAfterSeconds: 1))
            clock.advance(by: 0.5)
            #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.2") == .allowed)
        }
    }

    @Test func successResetsTheAccountButNotTheIP() {
        let throttle = LoginThrottle(clock: clock)
        for index in 0..<21 { throttle.recordFailure(account: index < 6 ? "alice@example.com" : "user\(index)@example.com", ip: "10.0.0.1") }
        #expect(throttle.check(account: "alice@example.com", ip: "10.9.9.9") == .wait(retryAfterSeconds: 1))
        throttle.recordSuccess(account: "alice@example.com", ip: "10.0.0.1")
        #expect(throttle.check(account: "alice@example.com", ip: "10.9.9.9") == .allowed)
        // 21 failures from 10.0.0.1: past its 20 free ones, and logging in to one account does not clear that.
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.1") == .wait(retryAfterSeconds: 1))
        // After a success the account starts from zero: 5 free failures again.
        clock.advance(by: 1)
        fail(throttle, 5, ip: "10.0.0.3")
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.3") == .allowed)
    }

    @Test func ipCounterHasItsOwnAllowance() {
        let throttle = LoginThrottle(clock: clock)
        // Password spraying: one failure each on many accounts from one address.
        for index in 0..<20 { throttle.recordFailure(account: "user\(index)@example.com", ip: "203.0.113.7") }
        #expect(throttle.check(account: "someone@example.com", ip: "203.0.113.7") == .allowed)
        throttle.recordFailure(account: "user20@example.com", ip: "203.0.113.7")
        #expect(throttle.check(account: "someone@example.com", ip: "203.0.113.7") == .wait(retryAfterSeconds: 1))
        #expect(throttle.check(account: "user0@example.com", ip: "198.51.100.1") == .allowed)
        // IPs only get delays, never a lock.
        for index in 0..<200 { throttle.recordFailure(account: "spray\(index)@example.com", ip: "203.0.113.7") }
        #expect(throttle.check(account: "someone@example.com", ip: "203.0.113.7") == .wait(retryAfterSeconds: 900))
    }

    @Test func lockoutAfterConsecutiveFailures() {
        let throttle = LoginThrottle(clock: clock)
        // Failures from many addresses, so only the account counter matters.
        for index in 0..<99 { throttle.recordFailure(account: "victim@example.com", ip: "10.1.\(index / 250).\(index % 250)") }
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .wait(retryAfterSeconds: 900))
        throttle.recordFailure(account: "victim@example.com", ip: "10.2.0.0")
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 3600))
        clock.advance(by: 3599)
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 1))
        clock.advance(by: 1)
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .allowed)
        // Still consecutive: one more failure locks again at once.
        throttle.recordFailure(account: "victim@example.com", ip: "10.3.0.0")
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 3600))
        // Other accounts are unaffected.
        #expect(throttle.check(account: "bob@example.com", ip: "192.0.2.1") == .allowed)
    }

    @Test func countersAreForgottenAfterQuietPeriod() {
        let throttle = LoginThrottle(clock: clock)
        fail(throttle, 12)
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.9") == .wait(retryAfterSeconds: 64))
        clock.advance(by: 86_399)
        fail(throttle, 1)  // still within the window: 13 failures, counted from now
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.9") == .wait(retryAfterSeconds: 128))
        clock.advance(by: 86_400)
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.9") == .allowed)
        fail(throttle, 5)  // forgotten: these are failures 1–5, all free
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.9") == .allowed)
        fail(throttle, 1)
        #expect(throttle.check(account: "alice@example.com", ip: "10.0.0.9") == .wait(retryAfterSeconds: 1))
    }

    /// The throttle never learns whether an account exists: the same history gives the same decisions for any name.
    @Test func unknownAccountsAreThrottledLikeKnownOnes() {
        let throttle = LoginThrottle(clock: clock)
        var decisions: [String: [ThrottleDecision]] = [:]
        for account in ["alice@example.com", "no-such-user@example.com"] {
            for _ in 0..<12 {
                throttle.recordFailure(account: account, ip: "ip-of-\(account)")
                decisions[account, default: []].append(throttle.check(account: account, ip: "ip-of-\(account)"))
            }
        }
        #expect(decisions["alice@example.com"] == decisions["no-such-user@example.com"])
        #expect(decisions["alice@example.com"]?.last == .wait(retryAfterSeconds: 64))
    }

    @Test func memoryIsBoundedAndLocksSurviveFloods() {
        let throttle = LoginThrottle(clock: clock, maxEntries: 50)
        fail(throttle, 100, account: "victim@example.com", ip: "10.0.0.1")
        for index in 0..<2000 {
            throttle.recordFailure(account: "flood\(index)@example.com", ip: "198.51.100.\(index % 200)")
            #expect(throttle.trackedEntries <= 50)
        }
        #expect(throttle.check(account: "victim@example.com", ip: "192.0.2.1") == .locked(retryAfterSeconds: 3600))
    }

    @Test func customPolicy() {
        var policy = LoginThrottlePolicy()
        policy.freeFailures = 2
        policy.baseDelay = 10
        policy.maxDelay = 30
        policy.lockoutAfter = 5
        policy.lockoutDuration = 60
        let throttle = LoginThrottle(policy: policy, clock: clock)
        let expected: [ThrottleDecision] = [.allowed, .allowed, .wait(retryAfterSeconds: 10), .wait(retryAfterSeconds: 20),
                                            .locked(retryAfterSeconds: 60)]
        var seen: [ThrottleDecision] = []
        for _ in 0..<5 {
            fail(throttle, 1)
            seen.append(throttle.check(account: "alice@example.com", ip: "10.0.0.2"))
        }
        #expect(seen == expected)
    }
}
