import TestSupport
import Testing
@testable import Observability

@Suite struct CardinalityTests {
    @Test func hostileLabelValuesFoldIntoOneOverflowSeries() {
        let registry = MetricsRegistry(maxSeriesPerFamily: 100)
        let family = registry.counter(name: "paths_total", help: "P.", labelNames: ["path", "code"])
        for index in 0..<10_000 { family.labels("/random/\(index)", "404").inc() }
        #expect(family.seriesCount == 101)
        #expect(family.labels("_overflow", "_overflow").value == 9_900)
        let overflow = registry.counter(name: MetricsRegistry.overflowCounterName, help: "x", labelNames: ["family"])
        #expect(overflow.labels("paths_total").value == 9_900)
        let sizeAfter10k = registry.renderBytes().count
        for index in 10_000..<20_000 { family.labels("/random/\(index)", "404").inc() }
        #expect(family.seriesCount == 101)
        // Only the two overflow counts grow a digit: the exposition does not grow with the number of label sets.
        #expect(registry.renderBytes().count <= sizeAfter10k + 2)
        #expect(sizeAfter10k < 101 * 60 + 1_000)
        #expect(registry.render().contains("paths_total{path=\"_overflow\",code=\"_overflow\"} 19900\n"))
    }

    @Test func existingSeriesStillWorkAfterTheCapIsReached() {
        let registry = MetricsRegistry(maxSeriesPerFamily: 2)
        let family = registry.gauge(name: "g", help: "G.", labelNames: ["k"])
        let kept = family.labels("a")
        _ = family.labels("b")
        _ = family.labels("c")
        #expect(family.labels("a") === kept)
        #expect(family.labels("c") === family.labels("d"))
        #expect(family.labels("c") !== kept)
    }

    @Test func clientSuppliedOverflowMarkerDoesNotDuplicateTheOverflowSeries() {
        let registry = MetricsRegistry(maxSeriesPerFamily: 1)
        let family = registry.counter(name: "c_total", help: "C.", labelNames: ["k"])
        family.labels("_overflow").inc()
        family.labels("a").inc()
        family.labels("b").inc()
        #expect(family.seriesCount == 2)
        let text = registry.render()
        #expect(text.ranges(of: "c_total{k=\"_overflow\"}").count == 1)
        #expect(text.contains("c_total{k=\"_overflow\"} 2\n"))
    }

    @Test func longLabelValuesAreTruncatedOnACharacterBoundary() {
        let registry = MetricsRegistry(maxLabelValueBytes: 5)
        let family = registry.counter(name: "c_total", help: "C.", labelNames: ["k"])
        family.labels("abcdefgh").inc()
        family.labels("abcdexyz").inc()
        family.labels("abcdé").inc()  // "é" is 2 bytes and would end at byte 6
        #expect(family.labels("abcde").value == 2)
        #expect(family.labels("abcd").value == 1)
        #expect(family.seriesCount == 2)
    }

    @Test func randomNotFoundRequestsAddNoSeries() {
        let registry = MetricsRegistry()
        let http = HTTPMetrics(registry: registry)
        var generator = SplitMix64(seed: 42)
        for _ in 0..<10_000 {
            http.requestStarted()
            let method = generator.next() % 2 == 0 ? "GET" : "X\(generator.next() % 1_000)"
            http.requestFinished(method: method, route: nil, status: 404, durationSeconds: 0.001)
        }
        #expect(http.requests.seriesCount == 2)
        #expect(http.duration.seriesCount == 2)
        #expect(http.inFlight.value == 0)
        let gets = http.requests.labels("GET", HTTPMetrics.unmatchedRoute, "404").value
        let others = http.requests.labels(HTTPMetrics.otherMethod, HTTPMetrics.unmatchedRoute, "404").value
        #expect(gets + others == 10_000)
        #expect(gets > 4_000 && others > 4_000)
    }
}
