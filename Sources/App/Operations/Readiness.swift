import Synchronization

/// Whether ragd should receive traffic: `starting` until the database is open and indexes are loaded, `ready`, then
/// `draining` once shutdown begins (so load balancers stop routing here before connections close).
package final class Readiness: Sendable {
    /// The lifecycle states.
    package enum State: Int, Sendable {
        case starting = 0
        case ready = 1
        case draining = 2
    }

    private let value = Atomic<Int>(State.starting.rawValue)

    /// Starts in `starting`.
    package init() {}

    /// The current state.
    package var state: State { State(rawValue: value.load(ordering: .acquiring))! }

    /// Moves to `state`. Draining is final.
    package func set(_ state: State) {
        if self.state == .draining { return }
        value.store(state.rawValue, ordering: .releasing)
    }
}
