/// Compact JSON written straight to bytes (RFC 8259 escaping; non-finite numbers as null). `JSONValue` serializes
/// through it; hot paths (the query response, its history row) use it directly, because building a `JSONValue` tree
/// only to print it and free it was a sixth of a query's instructions.
///
/// Separators are the writer's business: a value or a key written after another at the same level gets its comma.
///
///     var json = JSONWriter()
///     json.object { json in
///         json.field("id", "q_1")
///         json.key("hits")
///         json.array { json in for score in scores { json.number(score) } }
///     }
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    /// Whether something was written at the current level, so the next value or key needs a comma.
    private var needsComma = false

    package init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The text written so far.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An object whose members `body` writes, each a `key` followed by one value (or a `field`).
    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
    }

    /// An array whose elements `body` writes.
    package mutating func array(_ body: (inout JSONWriter) -> Void) {
        container(UInt8(ascii: "["), UInt8(ascii: "]"), body)
    }

    private mutating func container(_ open: UInt8, _ close: UInt8, _ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(open)
        needsComma = false
        body(&self)
        bytes.append(close)
        needsComma = true
    }

    /// A member's name from data, escaped as any string; the next value written is its value.
    package mutating func key(escaping name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member's name written in code, copied as it is (names in code need no escaping); the next value written
    /// is its value.
    package mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    package mutating func string(_ value: String) {
        separate()
        writeString(value)
        needsComma = true
    }

    /// Integral values (counts, NumericDates) print without a fraction: 1800000000, not 1.8e9. JSON has no NaN or
    /// infinity; they become null rather than invalid output.
    package mutating func number(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(contentsOf: "null".utf8)
        } else if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            writeInteger(Int64(value))
        } else if abs(value) < 1e9, case let thousandths = (value * 1_000).rounded(),
                  thousandths / 1_000 == value {
            writeThousandths(Int64(thousandths))
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
        needsComma = true
    }

    /// A single-precision number (a score) as the shortest text that reads back as that Float — `0.031513646`, not
    /// the 17 digits of its widening to Double, which claim precision it never had and cost a heap-allocated String
    /// each (at most 14 bytes here: a small String, formatted without allocating). NaN and infinity become null.
    package mutating func number(_ value: Float) {
        separate()
        bytes.append(contentsOf: value.isFinite ? value.description.utf8 : "null".utf8)
        needsComma = true
    }

    /// `thousandths / 1000` with at most three decimals and no trailing zeros — the shortest text that reads back
    /// as that double, as Swift would print it — without formatting through a String: milliseconds in traces and
    /// responses are rounded to microseconds or tenths.
    private mutating func writeThousandths(_ thousandths: Int64) {
        if thousandths < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = thousandths.magnitude
        writeInteger(Int64(magnitude / 1_000))
        var fraction = magnitude % 1_000
        var digits = 3
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        bytes.append(UInt8(ascii: "."))
        var divisor: UInt64 = digits == 3 ? 100 : digits == 2 ? 10 : 1
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    package mutating func integer(_ value: Int) {
        separate()
        writeInteger(Int64(value))
        needsComma = true
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    package mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    package mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let text): string(text)
        case .number(let number): self.number(number)
        case .bool(let flag): bool(flag)
        case .null: null()
        case .array(let values): array { json in for value in values { json.value(value) } }
        case .object(let members):
            object { json in
                for (name, value) in members {
                    json.key(escaping: name)
                    json.value(value)
                }
            }
        }
    }

    /// `key` with its value: a string, or null for nil.
    package mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    /// `key` with a number, or null for nil.
    package mutating func field(_ name: StaticString, _ value: Double?) {
        key(name)
        if let value { number(value) } else { null() }
    }

    /// `key` with a single-precision number (a score); see `number(_: Float)`.
    package mutating func field(_ name: StaticString, _ value: Float) {
        key(name)
        number(value)
    }

    /// `key` with an integer, or null for nil.
    package mutating func field(_ name: StaticString, _ value: Int?) {
        key(name)
        if let value { integer(value) } else { null() }
    }

    package mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    package mutating func field(_ name: StaticString, _ value: JSONValue) {
        key(name)
        self.value(value)
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Decimal digits of `value` without an intermediate string, appended in one go: responses carry many small
    /// integers (highlight offsets, counts).
    private mutating func writeInteger(_ value: Int64) {
        var magnitude = value.magnitude
        if magnitude < 10 && value >= 0 {
            bytes.append(UInt8(ascii: "0") &+ UInt8(magnitude))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for a sign and 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.makeContiguousUTF8()
        text.utf8.withContiguousStorageIfAvailable { utf8 in
            guard let base = utf8.baseAddress else { return }
            // Runs of bytes that need no escaping (nearly all of any text) are found eight bytes at a time and
            // copied in one go: a response is mostly chunk text.
            let count = utf8.count
            var runStart = 0
            var index = 0
            while index < count {
                if index + 8 <= count,
                   !Self.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index &+= 8
                    continue
                }
                let byte = base[index]
                index &+= 1
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - 1 - runStart))
                runStart = index
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                default:
                    bytes.append(contentsOf: "u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whether any of the eight bytes is a control character, `"` or a backslash. Exact as a whole: a borrow can only
    /// flag a byte above one that really is flagged.
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let below0x20 = (word &- ones &* 0x20) & ~word & highs != 0
        return below0x20 || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }
}
