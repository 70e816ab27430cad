import Testing
@testable import Observability

@Suite struct MetricsRegistryTests {
    @Test func registeringTwiceReturnsTheSameFamily() {
        let registry = MetricsRegistry()
        let first = registry.counter(name: "a_total", help: "A.", labelNames: ["x"])
        let second = registry.counter(name: "a_total", help: "A.", labelNames: ["x"])
        #expect(first === second)
        first.labels("1").inc()
        #expect(second.labels("1").value == 1)
        #expect(first.labels("1") === second.labels(["1"]))
        let histogram = registry.histogram(name: "b_seconds", help: "B.", buckets: [1, 2])
        #expect(histogram === registry.histogram(name: "b_seconds", help: "B.", buckets: [1, 2, .infinity]))
    }

    @Test(arguments: ["a", "_a", "a:b", "ragd_http_requests_total", "A9_:"])
    func acceptsValidMetricNames(name: String) {
        #expect(MetricNameRules.isValidMetricName(name))
    }

    @Test(arguments: ["", "9a", "a-b", "a b", "é", "a.b", "a{"])
    func rejectsInvalidMetricNames(name: String) {
        #expect(!MetricNameRules.isValidMetricName(name))
    }

    @Test func checksLabelNames() {
        for valid in ["a", "_a", "route", "A_9"] { #expect(MetricNameRules.isValidLabelName(valid)) }
        for invalid in ["", "__name__", "__x", "9a", "a:b", "a-b", "é"] { #expect(!MetricNameRules.isValidLabelName(invalid)) }
    }

    @Test func counterWithoutTotalSuffixIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().counter(name: "requests", help: "R.")
        }
    }

    @Test func sameNameWithOtherLabelsIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.gauge(name: "g", help: "G.", labelNames: ["a"])
            _ = registry.gauge(name: "g", help: "G.", labelNames: ["b"])
        }
    }

    @Test func histogramSampleNameClashIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.histogram(name: "h", help: "H.")
            _ = registry.gauge(name: "h_count", help: "Clash.")
        }
    }

    @Test func invalidLabelNameIsAProgrammerError() async {
        await #expect(processExitsWith: .failure) {
            _ = MetricsRegistry().gauge(name: "g", help: "G.", labelNames: ["__reserved"])
        }
    }

    @Test func unlabelledFamiliesExportZeroBeforeFirstUse() {
        let registry = MetricsRegistry()
        _ = registry.counter(name: "starts_total", help: "S.")
        #expect(registry.render().contains("\nstarts_total 0\n"))
    }

    @Test func functionsAreReadAtEveryScrape() {
        let registry = MetricsRegistry()
        let depth = registry.gauge(name: "depth_source", help: "Backing value.").labels()
        registry.gaugeFunction(name: "depth", help: "Depth.") { depth.value * 2 }
        registry.counterFunction(name: "done_total", help: "Done.") { 41 + 1 }
        depth.set(5)
        #expect(registry.render().contains("\ndepth 10\n"))
        depth.set(8)
        let text = registry.render()
        #expect(text.contains("\ndepth 16\n"))
        #expect(text.contains("# TYPE done_total counter\ndone_total 42\n"))
    }

    @Test func collectorsAddFamiliesAndCannotShadowRegisteredOnes() {
        let registry = MetricsRegistry()
        registry.gauge(name: "taken", help: "Registered.").labels().set(1)
        _ = registry.histogram(name: "latency", help: "Registered histogram.")
        registry.register {
            [
                MetricFamilySnapshot(
                    name: "ragd_worker_pool_queue_depth", help: "Queued jobs.", type: .gauge, labelNames: ["pool"],
                    series: [SeriesSnapshot(labelValues: ["ingest"], value: .scalar(3))]
                ),
                .gauge(name: "taken", help: "Collected duplicate.", value: 99),
                .gauge(name: "latency_count", help: "Clashes with a histogram sample.", value: 98),
                .counter(name: "collected_total", help: "Collected counter.", value: 4),
            ]
        }
        let text = registry.render()
        #expect(text.contains("ragd_worker_pool_queue_depth{pool=\"ingest\"} 3\n"))
        #expect(text.contains("collected_total 4\n"))
        #expect(text.contains("\ntaken 1\n"))
        #expect(!text.contains("99") && !text.contains("98") && !text.contains("Collected duplicate"))
        let names = registry.collect().map(\.name)
        #expect(names == names.sorted())
    }
}
