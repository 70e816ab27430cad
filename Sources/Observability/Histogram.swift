import Synchronization
import Threading

/// One histogram series: observations are counted into buckets by upper bound (`le`, inclusive) and summed.
///
/// A tiny per-series mutex (not per-bucket atomics) keeps each scrape consistent — the `+Inf` bucket always equals
/// `_count` and `_sum` matches it — at the cost of an uncontended lock per observation.
package final class Histogram: Sendable {
    private struct State {
        /// Per-bucket (not cumulative) counts; the last slot is the implicit `+Inf` bucket.
        var counts: [UInt64]
        var sum: Double = 0
    }

    /// The finite upper bounds, strictly increasing.
    package let upperBounds: [Double]
    private let state: Mutex<State>

    init(upperBounds: [Double]) {
        self.upperBounds = upperBounds
        state = Mutex(State(counts: Array(repeating: 0, count: upperBounds.count + 1)))
    }

    /// Records `value`. NaN is ignored: it would turn `_sum` into NaN for the rest of the process's life.
    package func observe(_ value: Double) {
        guard !value.isNaN else { return }
        let index = bucketIndex(of: value)
        state.withLock { state in
            state.counts[index] &+= 1
            state.sum += value
        }
    }

    /// Records the seconds elapsed since the monotonic instant `startNanoseconds` (`MonotonicClock.now`).
    package func observeDuration(since startNanoseconds: UInt64, now: UInt64 = MonotonicClock.now) {
        let elapsed = now >= startNanoseconds ? now - startNanoseconds : 0
        observe(Double(elapsed) / 1e9)
    }

    /// The buckets made cumulative, as the exposition format wants them.
    package func snapshot() -> HistogramSnapshot {
        let (counts, sum) = state.withLock { ($0.counts, $0.sum) }
        var cumulative = [UInt64]()
        cumulative.reserveCapacity(upperBounds.count)
        var running: UInt64 = 0
        for index in upperBounds.indices {
            running &+= counts[index]
            cumulative.append(running)
        }
        return HistogramSnapshot(
            upperBounds: upperBounds, cumulativeCounts: cumulative, sum: sum, count: running &+ counts[upperBounds.count]
        )
    }

    /// The first bucket whose bound is ≥ `value` (bounds are inclusive upper limits), or the `+Inf` slot.
    private func bucketIndex(of value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let middle = (low + high) / 2
            if upperBounds[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
