/// IMF-fixdate formatting (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`, from Unix seconds.
package enum HTTPDate {
    /// The IMF-fixdate for `epochSeconds` (UTC), as bytes ready for the `Date` field.
    package static func imfFixdate(epochSeconds: Int64) -> [UInt8] {
        let days = Int64((Double(epochSeconds) / 86_400).rounded(.down))
        let secondsOfDay = Int(epochSeconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
        let weekday = Int(((days % 7) + 11) % 7)
        var out = [UInt8]()
        out.reserveCapacity(29)
        out += Array(weekdays[weekday].utf8) + [0x2C, 0x20]
        two(day, &out)
        out.append(0x20)
        out += Array(months[month - 1].utf8)
        out.append(0x20)
        four(year, &out)
        out.append(0x20)
        two(secondsOfDay / 3600, &out)
        out.append(0x3A)
        two(secondsOfDay / 60 % 60, &out)
        out.append(0x3A)
        two(secondsOfDay % 60, &out)
        out += Array(" GMT".utf8)
        return out
    }

    /// Days since 1970-01-01 → proleptic Gregorian (year, month, day), Howard Hinnant's `civil_from_days`.
    package static func civilDate(daysSinceEpoch: Int64) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func two(_ value: Int, _ out: inout [UInt8]) {
        out.append(UInt8(48 + value / 10 % 10))
        out.append(UInt8(48 + value % 10))
    }

    private static func four(_ value: Int, _ out: inout [UInt8]) {
        two(value / 100, &out)
        two(value % 100, &out)
    }
}
