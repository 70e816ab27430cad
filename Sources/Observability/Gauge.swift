import Synchronization

/// One gauge series: set, increment or decrement from any thread without locks.
package final class Gauge: Sendable {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init() {}

    /// Replaces the value.
    package func set(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }

    /// Adds `amount` (may be negative).
    package func inc(by amount: Double = 1) { bits.add(amount) }

    /// Subtracts `amount`.
    package func dec(by amount: Double = 1) { bits.add(-amount) }

    /// The current value.
    package var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}
