#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in Unix seconds, injected wherever a decision depends on time (token expiry, rate limits, login
/// throttling) so tests drive time with `ManualClock` instead of sleeping.
package protocol Clock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z, with sub-second precision.
    func now() -> Double
}

/// The system's real-time clock (`CLOCK_REALTIME`). Wall time, not monotonic: JWT `exp`/`iat` are wall-clock
/// NumericDates (RFC 7519 §2), and rate limiters clamp backward jumps themselves.
package struct SystemClock: Clock {
    /// The real-time clock.
    package init() {}

    /// The current Unix time in seconds.
    package func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}
