#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Threading

/// The standard `process_*` metrics of the Prometheus client libraries (same names and units as client_golang's
/// process collector) plus `ragd_uptime_seconds`, all read from the kernel at scrape time. Each reader is also
/// callable directly; each returns nil where the kernel interface is unavailable.
package enum ProcessMetrics {
    /// Registers the process metrics in `registry` (once per registry). Start time is read now, since it never changes.
    package static func register(in registry: MetricsRegistry) {
        let registeredAt = MonotonicClock.now
        let startTime = startTimeSeconds() ?? realtimeSeconds()
        registry.gaugeFunction(name: "process_resident_memory_bytes", help: "Resident memory size in bytes.") {
            residentMemoryBytes().map(Double.init) ?? .nan
        }
        registry.gaugeFunction(name: "process_virtual_memory_bytes", help: "Virtual memory size in bytes.") {
            virtualMemoryBytes().map(Double.init) ?? .nan
        }
        registry.gaugeFunction(name: "process_open_fds", help: "Number of open file descriptors.") {
            openFileDescriptors().map(Double.init) ?? .nan
        }
        registry.gaugeFunction(name: "process_max_fds", help: "Maximum number of open file descriptors.") {
            maxFileDescriptors().map(Double.init) ?? .nan
        }
        registry.counterFunction(name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.") {
            cpuSeconds()
        }
        registry.gaugeFunction(
            name: "process_start_time_seconds", help: "Start time of the process since unix epoch in seconds."
        ) { startTime }
        registry.gaugeFunction(name: "ragd_uptime_seconds", help: "Seconds since ragd registered its process metrics.") {
            Double(MonotonicClock.now - registeredAt) / 1e9
        }
    }

    /// Resident set size in bytes: the second field of `/proc/self/statm` (pages) times the page size (proc(5)).
    package static func residentMemoryBytes() -> Int? { statmPages(field: 1).map { $0 * pageSize } }

    /// Virtual memory size in bytes: the first field of `/proc/self/statm` (pages) times the page size (proc(5)).
    package static func virtualMemoryBytes() -> Int? { statmPages(field: 0).map { $0 * pageSize } }

    /// Open file descriptors: the entries of `/proc/self/fd`, less the one this count itself holds open.
    package static func openFileDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            // Descriptor entries are digits; skip "." and "..".
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { $0.first == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return count - 1
    }

    /// The soft `RLIMIT_NOFILE` limit (getrlimit(2)).
    package static func maxFileDescriptors() -> Int? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        // RLIM_INFINITY is all ones, which clamps to Int.max.
        return Int(clamping: limit.rlim_cur)
    }

    /// User plus system CPU time in seconds (getrusage(2), `RUSAGE_SELF`).
    package static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Process start as Unix seconds: boot time (`btime` in `/proc/stat`) plus field 22 of `/proc/self/stat`,
    /// `starttime`, in clock ticks after boot (proc(5)).
    package static func startTimeSeconds() -> Double? {
        guard let stat = ProcFile.read("/proc/self/stat"),
              // Field 2, the command name, is in parentheses and may contain spaces: count fields after the last ")".
              let nameEnd = stat.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        let fields = ProcFile.fields(stat[(nameEnd + 1)...])
        // fields[0] is field 3 (state), so field 22 is fields[19].
        guard fields.count > 19, let startTicks = ProcFile.integer(fields[19]), let bootTime = bootTimeSeconds() else {
            return nil
        }
        let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
        guard ticksPerSecond > 0 else { return nil }
        return Double(bootTime) + Double(startTicks) / Double(ticksPerSecond)
    }

    private static func bootTimeSeconds() -> Int? {
        guard let stat = ProcFile.read("/proc/stat") else { return nil }
        for line in stat.split(separator: UInt8(ascii: "\n")) {
            let fields = ProcFile.fields(line)
            if fields.count == 2, fields[0].elementsEqual("btime".utf8) { return ProcFile.integer(fields[1]) }
        }
        return nil
    }

    private static func statmPages(field: Int) -> Int? {
        guard let statm = ProcFile.read("/proc/self/statm") else { return nil }
        let fields = ProcFile.fields(statm)
        return fields.count > field ? ProcFile.integer(fields[field]) : nil
    }

    private static var pageSize: Int { sysconf(Int32(_SC_PAGESIZE)) }

    private static func realtimeSeconds() -> Double {
        var seconds: Int64 = 0
        var nanoseconds: Int32 = 0
        ragd_realtime(&seconds, &nanoseconds)
        return Double(seconds) + Double(nanoseconds) / 1e9
    }
}
