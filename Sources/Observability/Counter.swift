import Synchronization

/// One counter series. Callers may keep the handle (from `MetricFamily.labels`) to skip the label lookup on hot paths;
/// increments are a lock-free compare-and-swap on the value's bit pattern.
package final class Counter: Sendable {
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    init() {}

    /// Adds `amount`, which must be ≥ 0: a counter only goes up (Prometheus detects resets by decreases).
    package func inc(by amount: Double = 1) {
        precondition(amount >= 0, "counter increments must be non-negative, got \(amount)")
        bits.add(amount)
    }

    /// The current value.
    package var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }
}
