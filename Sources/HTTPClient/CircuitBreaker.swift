/// The state of one provider's circuit breaker, as a pure state machine over a caller-supplied clock (monotonic
/// nanoseconds), so it is unit-tested without waiting.
///
/// Closed: requests pass; `failureThreshold` consecutive failures open it. Open: requests fail fast until `coolDown`
/// has passed, then one trial request is let through (half-open). The trial's success closes the breaker, its failure
/// opens it for another cool-down; while the trial runs, everyone else still fails fast. A failing provider thus costs
/// one request per cool-down instead of a timeout per request.
package struct CircuitBreaker: Sendable, Equatable {
    /// Thresholds.
    package struct Settings: Sendable, Equatable {
        /// Consecutive failures that open the breaker.
        package var failureThreshold: Int
        /// Seconds the breaker stays open before a trial request.
        package var coolDown: Double

        /// Defaults: five failures, thirty seconds.
        package init(failureThreshold: Int = 5, coolDown: Double = 30) {
            precondition(failureThreshold >= 1, "the breaker needs a failure threshold of at least 1")
            self.failureThreshold = failureThreshold
            self.coolDown = coolDown
        }
    }

    /// Where the breaker is.
    package enum State: Sendable, Equatable {
        case closed(consecutiveFailures: Int)
        case open(until: UInt64)
        case halfOpen(trialInFlight: Bool)
    }

    /// What to do with a request.
    package enum Decision: Sendable, Equatable {
        /// Send it.
        case allow
        /// Send it as the one trial of a half-open breaker; report its outcome.
        case trial
        /// Fail fast; the breaker may let a trial through after this many seconds.
        case reject(retryAfter: Double)
    }

    /// How a request that was let through ended.
    package enum Outcome: Sendable, Equatable {
        /// The provider answered (any status that is not a server failure).
        case success
        /// The provider failed: no connection, a timeout, a 5xx.
        case failure
        /// No verdict about the provider (cancelled by our caller, rate limited): a trial slot is released.
        case neutral
    }

    /// The thresholds.
    package let settings: Settings
    /// The current state.
    package private(set) var state: State = .closed(consecutiveFailures: 0)

    /// A closed breaker.
    package init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Decides about a request at monotonic time `now` (nanoseconds).
    package mutating func admit(now: UInt64) -> Decision {
        switch state {
        case .closed:
            return .allow
        case .open(let until) where now < until:
            return .reject(retryAfter: Double(until - now) / 1e9)
        case .open, .halfOpen(trialInFlight: false):
            state = .halfOpen(trialInFlight: true)
            return .trial
        case .halfOpen(trialInFlight: true):
            return .reject(retryAfter: 0)
        }
    }

    /// Records how an admitted request ended, at monotonic time `now`.
    package mutating func record(_ outcome: Outcome, now: UInt64) {
        switch (state, outcome) {
        case (_, .success):
            state = .closed(consecutiveFailures: 0)
        case (.closed(let failures), .failure):
            state = failures + 1 >= settings.failureThreshold ? open(now: now) : .closed(consecutiveFailures: failures + 1)
        case (.halfOpen, .failure):
            state = open(now: now)
        case (.open, .failure):
            break  // a request admitted before the breaker opened; the cool-down already runs
        case (.halfOpen, .neutral):
            state = .halfOpen(trialInFlight: false)
        case (.closed, .neutral), (.open, .neutral):
            break
        }
    }

    private func open(now: UInt64) -> State {
        .open(until: now &+ UInt64(max(settings.coolDown, 0) * 1e9))
    }
}
