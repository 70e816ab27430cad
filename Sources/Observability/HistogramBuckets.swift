/// Bucket upper bounds for histograms.
package enum HistogramBuckets {
    /// The Prometheus client libraries' default, tuned for request latencies in seconds
    /// (client_golang `prometheus.DefBuckets`).
    package static let defaultSeconds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// HTTP request latencies from 0.5 ms to 10 s: ragd's cheap handlers answer in well under the default's first
    /// bucket, so it starts lower.
    package static let httpSeconds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    /// `count` bounds `start, start·factor, start·factor², …` (client_golang `ExponentialBuckets`).
    package static func exponential(start: Double, factor: Double, count: Int) -> [Double] {
        precondition(start > 0 && factor > 1 && count >= 1, "exponential buckets need start > 0, factor > 1, count ≥ 1")
        var bounds = [Double]()
        var bound = start
        for _ in 0..<count {
            bounds.append(bound)
            bound *= factor
        }
        return bounds
    }

    /// Checks programmer-chosen bounds and drops a trailing `+Inf`, which every histogram has implicitly.
    static func validated(_ bounds: [Double]) -> [Double] {
        var finite = bounds
        if finite.last == .infinity { finite.removeLast() }
        for (index, bound) in finite.enumerated() {
            precondition(bound.isFinite, "histogram bucket bounds must be finite, got \(bound)")
            precondition(index == 0 || finite[index - 1] < bound, "histogram bucket bounds must increase strictly")
        }
        return finite
    }
}
