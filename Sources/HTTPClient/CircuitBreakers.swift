import Synchronization

/// The circuit breakers of one client, one per provider key (e.g. `openai https://api.openai.com/v1`), behind one
/// lock: decisions are a few comparisons, never IO.
package final class CircuitBreakers: Sendable {
    private let breakers = Mutex<[String: CircuitBreaker]>([:])
    private let settings: CircuitBreaker.Settings
    private let clock: @Sendable () -> UInt64

    /// Breakers with `settings` over `clock` (monotonic nanoseconds).
    package init(settings: CircuitBreaker.Settings, clock: @escaping @Sendable () -> UInt64) {
        self.settings = settings
        self.clock = clock
    }

    /// Decides about a request to `key`.
    package func admit(_ key: String) -> CircuitBreaker.Decision {
        let now = clock()
        return breakers.withLock { all in
            all[key, default: CircuitBreaker(settings: settings)].admit(now: now)
        }
    }

    /// Records the outcome of an admitted request to `key`.
    package func record(_ outcome: CircuitBreaker.Outcome, for key: String) {
        let now = clock()
        breakers.withLock { all in
            all[key, default: CircuitBreaker(settings: settings)].record(outcome, now: now)
        }
    }

    /// The state of `key`'s breaker (closed when it never saw a request).
    package func state(of key: String) -> CircuitBreaker.State {
        breakers.withLock { $0[key]?.state ?? .closed(consecutiveFailures: 0) }
    }
}
