import Synchronization

/// Request ids unique within and across process runs: a random per-process prefix and a counter, 24 hex digits.
/// Ids need uniqueness, not secrecy, so this avoids a getrandom call per request.
package final class RequestIDGenerator: Sendable {
    private let prefix: UInt64
    private let counter = Atomic<UInt64>(0)

    /// A generator with a fresh random prefix.
    package init() {
        var generator = SystemRandomNumberGenerator()
        prefix = generator.next() & 0xFFFF_FFFF
    }

    /// The next id, e.g. `3f9a01c2000000000000002a`.
    package func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        var digits = [UInt8](repeating: 0, count: 24)
        let hex = Array("0123456789abcdef".utf8)
        var high = prefix
        var low = value
        for index in stride(from: 23, through: 8, by: -1) {
            digits[index] = hex[Int(low & 0xF)]
            low >>= 4
        }
        for index in stride(from: 7, through: 0, by: -1) {
            digits[index] = hex[Int(high & 0xF)]
            high >>= 4
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
