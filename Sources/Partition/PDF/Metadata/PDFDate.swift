/// Dates (PDF 32000-1 §7.9.4, `D:YYYYMMDDHHmmSSOHH'mm'`) and XMP dates (ISO 8601) as RFC 3339 timestamps. Omitted
/// fields take their defaults (month and day 1, time 0, UTC); an invalid date is nil rather than a guess.
enum PDFDate {
    static func rfc3339(pdfDate text: String) -> String? {
        var digits = Array(text.utf8)
        if digits.starts(with: Array("D:".utf8)) { digits.removeFirst(2) }
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= digits.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = digits[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        guard let year = number(4) else { return nil }
        let month = number(2) ?? 1
        let day = number(2) ?? 1
        let hour = number(2) ?? 0
        let minute = number(2) ?? 0
        let second = number(2) ?? 0
        var zone = "Z"
        if index < digits.count, digits[index] == 0x2B || digits[index] == 0x2D {
            let sign = digits[index] == 0x2B ? "+" : "-"
            index += 1
            let zoneHour = number(2) ?? 0
            if index < digits.count, digits[index] == 0x27 { index += 1 }
            let zoneMinute = number(2) ?? 0
            if zoneHour <= 23, zoneMinute <= 59, zoneHour + zoneMinute > 0 {
                zone = sign + pad(zoneHour) + ":" + pad(zoneMinute)
            }
        }
        return format(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: zone)
    }

    /// An XMP date (`YYYY[-MM[-DD[THH:MM[:SS[.s]][TZD]]]]`) in full RFC 3339 form.
    static func rfc3339(xmpDate text: String) -> String? {
        let utf8 = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= utf8.count else { return nil }
            var value = 0
            for byte in utf8[start..<start + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0, 4) else { return nil }
        let month = number(5, 2) ?? 1
        let day = number(8, 2) ?? 1
        let hour = number(11, 2) ?? 0
        let minute = number(14, 2) ?? 0
        let second = number(17, 2) ?? 0
        var zone = "Z"
        if utf8.count > 16, let sign = utf8[16...].lastIndex(where: { $0 == 0x2B || $0 == 0x2D }),
           let zoneHour = number(sign + 1, 2), let zoneMinute = number(sign + 4, 2) {
            zone = (utf8[sign] == 0x2B ? "+" : "-") + pad(zoneHour) + ":" + pad(zoneMinute)
        }
        return format(year: year, month: month, day: day, hour: hour, minute: minute, second: second, zone: zone)
    }

    private static func format(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int,
                               zone: String) -> String? {
        guard (1...12).contains(month), (1...31).contains(day), hour <= 23, minute <= 59, second <= 60 else {
            return nil
        }
        let date = String(year) + "-" + pad(month) + "-" + pad(day)
        return date + "T" + pad(hour) + ":" + pad(minute) + ":" + pad(second) + zone
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
