import CLinux
import HTTP

/// The `Date` field value, formatted once per second per loop instead of once per response.
struct DateCache {
    private(set) var bytes: [UInt8] = []
    private var second: Int64 = -1

    /// Reformats if the wall-clock second changed.
    mutating func refresh() {
        var seconds: Int64 = 0
        var nanoseconds: Int32 = 0
        ragd_realtime(&seconds, &nanoseconds)
        guard seconds != second else { return }
        second = seconds
        bytes = HTTPDate.imfFixdate(epochSeconds: seconds)
    }
}
