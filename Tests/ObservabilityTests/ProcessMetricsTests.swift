#if canImport(Glibc)
import Glibc
#endif
import CLinux
import TestSupport
import Testing
@testable import Observability

@Suite struct ProcessMetricsTests {
    @Test func residentMemoryGrowsWhenPagesAreTouched() throws {
        let before = try #require(ProcessMetrics.residentMemoryBytes())
        #expect(before > 0)
        let size = 64 << 20
        let block = try #require(malloc(size))
        defer { free(block) }
        // Touch every page so the kernel actually backs the allocation.
        memset(block, 0x5A, size)
        let after = try #require(ProcessMetrics.residentMemoryBytes())
        #expect(after - before >= 48 << 20)
        #expect(try #require(ProcessMetrics.virtualMemoryBytes()) >= after)
    }

    @Test func openDescriptorsAreCounted() throws {
        let before = try #require(ProcessMetrics.openFileDescriptors())
        let opened = (0..<200).map { _ in open("/dev/null", O_RDONLY | O_CLOEXEC) }
        let during = try #require(ProcessMetrics.openFileDescriptors())
        opened.forEach { close($0) }
        #expect(opened.allSatisfy { $0 >= 0 })
        // Other tests run in parallel and open a few descriptors of their own, hence the tolerance.
        #expect((190...210).contains(during - before))
        let limit = try #require(ProcessMetrics.maxFileDescriptors())
        #expect(limit >= during)
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
