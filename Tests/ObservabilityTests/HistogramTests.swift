import Testing
@testable import Observability

@Suite struct HistogramTests {
    @Test func bucketsAreInclusiveUpperBoundsAndCumulative() {
        let registry = MetricsRegistry()
        let histogram = registry.histogram(name: "h", help: "H.", buckets: [1, 2, 5]).labels()
        for value in [-1, 0, 1, 1.000_000_1, 2, 4.9, 5, 5.1, .infinity, .nan] { histogram.observe(value) }
        let snapshot = histogram.snapshot()
        #expect(snapshot.upperBounds == [1, 2, 5])
        #expect(snapshot.cumulativeCounts == [3, 5, 7])
        #expect(snapshot.count == 9)  // NaN is ignored
        #expect(snapshot.sum == .infinity)
    }

    @Test func sumAndCountFollowObservations() {
        let histogram = Histogram(upperBounds: [0.1])
        histogram.observe(0.25)
        histogram.observe(0.125)
        histogram.observe(0.0625)
        let snapshot = histogram.snapshot()
        #expect(snapshot.sum == 0.4375)
        #expect(snapshot.cumulativeCounts == [1])
        #expect(snapshot.count == 3)
    }

    @Test func durationsAreMeasuredInSeconds() {
        let histogram = Histogram(upperBounds: [0.001, 1])
        histogram.observeDuration(since: 1_000_000_000, now: 1_250_000_000)
        histogram.observeDuration(since: 2_000, now: 1_000)  // a clock read out of order counts as zero
        let snapshot = histogram.snapshot()
        #expect(snapshot.sum == 0.25)
        #expect(snapshot.cumulativeCounts == [1, 2])
    }

    @Test func bucketHelpers() {
        #expect(HistogramBuckets.exponential(start: 0.001, factor: 10, count: 3) == [0.001, 0.01, 0.1])
        #expect(HistogramBuckets.validated([0.5, 1, .infinity]) == [0.5, 1])
        #expect(HistogramBuckets.httpSeconds.first == 0.0005 && HistogramBuckets.httpSeconds.last == 10)
        #expect(HistogramBuckets.validated(HistogramBuckets.httpSeconds) == HistogramBuckets.httpSeconds)
    }

    @Test func unsortedBucketsAreAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().histogram(name: "h", help: "H.", buckets: [1, 0.5])
        }
    }
}
