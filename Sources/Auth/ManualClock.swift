import Synchronization

/// A clock that moves only when told to: tests step through expiry, refill and lockout windows exactly, and several
/// threads may read it while one advances it.
package final class ManualClock: Clock {
    private let time: Mutex<Double>

    /// A clock reading `start` (default: 2027-01-15, a fixed date so tests are reproducible).
    package init(_ start: Double = 1_800_000_000) {
        time = Mutex(start)
    }

    /// The time last set.
    package func now() -> Double { time.withLock { $0 } }

    /// Moves the clock forward (or back, for a negative value) by `seconds`.
    package func advance(by seconds: Double) { time.withLock { $0 += seconds } }

    /// Sets the clock to `time`.
    package func set(_ time: Double) { self.time.withLock { $0 = time } }
}
