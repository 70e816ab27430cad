@testable import App
import Testing

@Suite("Timestamps")
struct TimestampTests {
    @Test func dayAndMonthStartsAreMidnightUTC() throws {
        for (time, day, month) in [("2026-11-21T05:00:00.123Z", "2026-11-21T00:00:00.000Z", "2026-11-01T00:00:00.000Z"),
                                   ("2024-02-29T23:59:59.999Z", "2024-02-29T00:00:00.000Z", "2024-02-01T00:00:00.000Z"),
                                   ("2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"),
                                   ("1969-12-31T23:00:00.000Z", "1969-12-31T00:00:00.000Z", "1969-12-01T00:00:00.000Z")] {
            let starts = Timestamp.dayAndMonthStart(milliseconds: try #require(Timestamp.parse(time)))
            #expect(Timestamp.format(milliseconds: starts.day) == day, "\(time)")
            #expect(Timestamp.format(milliseconds: starts.month) == month, "\(time)")
        }
    }
}
