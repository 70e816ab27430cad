import CLinux

/// The monotonic clock in nanoseconds: the time base for every deadline, timeout and duration in ragd.
package enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot); never jumps.
    @inline(__always)
    package static var now: UInt64 { ragd_monotonic_ns() }

    /// `seconds` expressed in nanoseconds, saturating instead of overflowing for huge or negative values.
    package static func nanoseconds(_ seconds: Double) -> UInt64 {
        guard seconds > 0 else { return 0 }
        guard seconds < 1.8e10 else { return UInt64.max / 2 }
        return UInt64(seconds * 1_000_000_000)
    }
}
