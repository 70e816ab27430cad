#if canImport(Glibc)
import Glibc
#endif
import CLinux
import TestSupport
import Testing
@testable import Observability

@Suite struct ProcessMetricsTests {
    // Other suites allocate, free, open and close in parallel with these tests, so a single sample can be
    // off by whatever they did meanwhile. Each check retries a few times and passes only if one attempt lands
    // in range; a broken reader (zero, constant, wrong unit) fails every attempt.
    @Test func residentMemoryGrowsWhenPagesAreTouched() throws {
        var growths: [Int] = []
        for _ in 0..<5 {
            let before = try #require(ProcessMetrics.residentMemoryBytes())
            #expect(before > 0)
            let size = 64 << 20
            let block = try #require(malloc(size))
            // Touch every page so the kernel actually backs the allocation.
            memset(block, 0x5A, size)
            let after = try #require(ProcessMetrics.residentMemoryBytes())
            #expect(try #require(ProcessMetrics.virtualMemoryBytes()) >= after)
            free(block)
            growths.append(after - before)
            if after - before >= 48 << 20 { break }
        }
        #expect(growths.contains { $0 >= 48 << 20 }, "growths: \(growths)")
    }

    @Test func openDescriptorsAreCounted() throws {
        var differences: [Int] = []
        for _ in 0..<5 {
            let before = try #require(ProcessMetrics.openFileDescriptors())
            let opened = (0..<200).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
            let during = try #require(ProcessMetrics.openFileDescriptors())
            opened.forEach { close($0) }
            #expect(opened.allSatisfy { $0 >= 0 })
            let limit = try #require(ProcessMetrics.maxFileDescriptors())
            #expect(limit >= during)
            differences.append(during - before)
            if (195...205).contains(during - before) { break }
        }
        #expect(differences.contains { (195...205).contains($0) }, "differences: \(differences)")
    }

    @Test func cpuAndStartTimeAreSane() throws {
        var busy = 0.0
        for index in 0..<2_000_000 { busy += Double(index).squareRoot() }
        #expect(busy > 0)
        #expect(ProcessMetrics.cpuSeconds() > 0)
        var seconds: Int64 = 0
        var nanoseconds: Int32 = 0
        ragd_realtime(&seconds, &nanoseconds)
        let start = try #require(ProcessMetrics.startTimeSeconds())
        #expect(start <= Double(seconds) + 1)
        #expect(start > Double(seconds) - 3_600)
    }

    @Test func registersEveryProcessFamily() {
        let registry = MetricsRegistry()
        ProcessMetrics.register(in: registry)
        let families = Dictionary(uniqueKeysWithValues: registry.collect().map { ($0.name, $0) })
        for name in [
            "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
            "process_start_time_seconds", "ragd_uptime_seconds",
        ] {
            #expect(families[name]?.type == .gauge, "\(name)")
        }
        #expect(families["process_cpu_seconds_total"]?.type == .counter)
        guard case .scalar(let resident)? = families["process_resident_memory_bytes"]?.series.first?.value else {
            Issue.record("no resident memory sample")
            return
        }
        #expect(resident > 1_000_000)
        guard case .scalar(let uptime)? = families["ragd_uptime_seconds"]?.series.first?.value else {
            Issue.record("no uptime sample")
            return
        }
        #expect(uptime >= 0 && uptime < 60)
    }
}
