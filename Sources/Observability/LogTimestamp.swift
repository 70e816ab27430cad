#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Synchronization

/// Wall-clock timestamps for log records in RFC 3339 UTC with milliseconds (`2026-11-21T05:06:18.123Z`), made with
/// `gmtime_r` instead of Foundation. Records are written per request, so the `YYYY-MM-DDTHH:MM:SS` part is formatted
/// once per second and cached; only the milliseconds are formatted per record.
package final class LogTimestamp: Sendable {
    /// The timestamp cache shared by every logger.
    package static let shared = LogTimestamp()

    private struct Cached {
        var seconds: Int64 = .min
        var text: [UInt8] = []
    }

    private let cache = Mutex(Cached())

    /// Creates a formatter with an empty cache.
    package init() {}

    /// Appends the current wall-clock time.
    package func appendNow(to out: inout [UInt8]) {
        var seconds: Int64 = 0
        var nanoseconds: Int32 = 0
        ragd_realtime(&seconds, &nanoseconds)
        append(seconds: seconds, nanoseconds: nanoseconds, to: &out)
    }

    /// Appends the instant `seconds` (Unix time) plus `nanoseconds`, truncated to milliseconds.
    package func append(seconds: Int64, nanoseconds: Int32, to out: inout [UInt8]) {
        let prefix = cache.withLock { cached in
            if cached.seconds != seconds {
                cached.text = Self.formatSeconds(seconds)
                cached.seconds = seconds
            }
            return cached.text
        }
        out.append(contentsOf: prefix)
        let milliseconds = Int(nanoseconds / 1_000_000)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(milliseconds / 100))
        out.append(UInt8(ascii: "0") + UInt8(milliseconds / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(milliseconds % 10))
        out.append(UInt8(ascii: "Z"))
    }

    /// `YYYY-MM-DDTHH:MM:SS` for Unix time `seconds` (RFC 3339 section 5.6 `date-time` without fraction and offset).
    static func formatSeconds(_ seconds: Int64) -> [UInt8] {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return Array("0000-00-00T00:00:00".utf8) }
        var text = [UInt8]()
        text.reserveCapacity(19)
        func two(_ value: Int32) {
            text.append(UInt8(ascii: "0") + UInt8(value / 10 % 10))
            text.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        // RFC 3339 needs a four-digit year; years outside 0...9999 cannot be written and do not occur in logs.
        let year = min(max(parts.tm_year + 1900, 0), 9999)
        two(year / 100)
        two(year % 100)
        text.append(UInt8(ascii: "-"))
        two(parts.tm_mon + 1)
        text.append(UInt8(ascii: "-"))
        two(parts.tm_mday)
        text.append(UInt8(ascii: "T"))
        two(parts.tm_hour)
        text.append(UInt8(ascii: ":"))
        two(parts.tm_min)
        text.append(UInt8(ascii: ":"))
        two(parts.tm_sec)
        return text
    }
}
