/// Decimal text for numbers, appended straight into a byte buffer; shared by the Prometheus renderer and the JSON
/// log encoder so both print the same digits.
enum NumberText {
    /// 2^63: every integral Double of smaller magnitude converts to `Int` exactly (doubles of magnitude ≥ 2^53 are all
    /// integers, IEEE 754 binary64 having a 53-bit significand), so such values print as plain integer digits.
    static let integerLimit = 9_223_372_036_854_775_808.0

    /// Appends `value` in decimal.
    static func append(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        append(value.magnitude, to: &out)
    }

    /// Appends `value` in decimal without a heap allocation (digits are produced in a fixed-size tuple).
    static func append(_ value: UInt, to out: inout [UInt8]) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ the 20 digits of UInt64.max
        var remaining = UInt64(value)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// Appends a finite `value`: integral values below 2^63 as plain integers ("3", not "3.0" or "3e+00"); others as
    /// Swift's shortest round-tripping form ("0.005", "1.5e-07", "1e+20"), which both Go's `strconv.ParseFloat`
    /// (Prometheus) and RFC 8259's number grammar accept.
    static func append(finite value: Double, to out: inout [UInt8]) {
        precondition(value.isFinite)
        if value.rounded(.towardZero) == value && value.magnitude < integerLimit {
            append(Int(value), to: &out)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }
}
