import Testing
import Threading
@testable import Observability

@Suite struct ConcurrencyTests {
    @Test func incrementsFromManyThreadsSumExactly() {
        let registry = MetricsRegistry()
        let counters = registry.counter(name: "hits_total", help: "H.", labelNames: ["thread"])
        let shared = registry.counter(name: "shared_total", help: "S.").labels()
        let gauge = registry.gauge(name: "level", help: "L.").labels()
        let histogram = registry.histogram(name: "sizes", help: "S.", buckets: [1, 10]).labels()
        let threads = 4
        let perThread = 50_000
        let workers = (0..<threads).map { index in
            OSThread.spawn(name: "inc-\(index)") {
                let own = counters.labels("\(index)")
                for step in 0..<perThread {
                    shared.inc()
                    own.inc(by: 2)
                    counters.labels("all").inc()
                    gauge.inc()
                    gauge.dec()
                    histogram.observe(Double(step % 20))
                }
            }
        }
        // Scrapes run while the increments do: they must neither block them nor see a torn histogram.
        let scraper = OSThread.spawn(name: "scrape") {
            for _ in 0..<20 { _ = registry.renderBytes() }
        }
        workers.forEach { $0.join() }
        scraper.join()
        #expect(shared.value == Double(threads * perThread))
        #expect(counters.labels("all").value == Double(threads * perThread))
        for index in 0..<threads { #expect(counters.labels("\(index)").value == Double(2 * perThread)) }
        #expect(gauge.value == 0)
        let snapshot = histogram.snapshot()
        #expect(snapshot.count == UInt64(threads * perThread))
        // step % 20 is 0…19: 2 of 20 values ≤ 1, 11 of 20 ≤ 10; the sum per 20 steps is 190.
        #expect(snapshot.cumulativeCounts == [UInt64(threads * perThread / 10), UInt64(threads * perThread * 11 / 20)])
        #expect(snapshot.sum == Double(threads * perThread / 20 * 190))
    }
}
