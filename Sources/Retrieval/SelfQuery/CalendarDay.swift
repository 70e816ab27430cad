extension SelfQuery {
    /// A day of the proleptic Gregorian calendar (UTC): the unit of every date a question can name, and of "today".
    package struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        package let year: Int
        package let month: Int
        package let day: Int

        /// A valid date, or nil (February 30th, month 13).
        package init?(year: Int, month: Int, day: Int) {
            guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
            self.year = year
            self.month = month
            self.day = day
        }

        /// The UTC day of a Unix time in milliseconds.
        package init(unixMilliseconds: Int64) {
            let days = unixMilliseconds >= 0 ? unixMilliseconds / 86_400_000 : (unixMilliseconds + 1) / 86_400_000 - 1
            self.init(daysSinceEpoch: Int(days))
        }

        /// The inverse of `daysSinceEpoch`, by 400-year eras (146,097 days) counted from 0000-03-01, so that the leap
        /// day falls at the end of each counted year.
        init(daysSinceEpoch: Int) {
            let shifted = daysSinceEpoch + 719_468  // days from 0000-03-01 to 1970-01-01
            let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
            let dayOfEra = shifted - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let marchMonth = (5 * dayOfYear + 2) / 153  // 0 = March … 11 = February
            let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            self.month = month
            day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        }

        /// Days since 1970-01-01 (negative before).
        var daysSinceEpoch: Int {
            let shiftedYear = month <= 2 ? year - 1 : year
            let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
            let yearOfEra = shiftedYear - era * 400
            let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146_097 + dayOfEra - 719_468
        }

        /// `YYYY-MM-DD`, the date form ISO metadata values use.
        package var description: String {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }

        package static func < (lhs: Day, rhs: Day) -> Bool {
            (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
        }

        func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

        /// The same day `months` later (or earlier), clamped to the month's length (March 31 − 1 month = Feb 28).
        func adding(months: Int) -> Day {
            let index = year * 12 + (month - 1) + months
            let newYear = index >= 0 ? index / 12 : (index - 11) / 12
            let newMonth = index - newYear * 12 + 1
            return Day(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))!
        }

        static func firstOf(year: Int, month: Int = 1) -> Day { Day(year: year, month: month, day: 1)! }

        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }
    }
}
