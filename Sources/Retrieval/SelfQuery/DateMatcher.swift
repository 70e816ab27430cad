import JSON

/// A stretch of days, `[start, end)`; a nil bound is open.
struct DatePeriod: Equatable {
    var start: SelfQuery.Day?
    var end: SelfQuery.Day?

    var isBounded: Bool { start != nil && end != nil }
}

/// Dates → a range on the vocabulary's date key. Without one there is no date filter: a year in a question ("What
/// happened in 1066?") describes the content, not when a document was uploaded, so its words stay in the query.
///
/// `DateGrammar` reads each expression ("in 2019", "since March 2021", "between 2018 and 2020", "last year", "in
/// the past 3 years"); this type decides what several of them mean together and writes the filter. Two bounds from
/// separate phrases ("after 2019 … before 2022") intersect, and named periods that touch ("in 2019 … in 2020")
/// join; anything else ("in 2015 … in 2020") is ambiguous and gives no date filter.
enum DateMatcher {
    struct Expression {
        var period: DatePeriod
        var tokens: Range<Int>
    }

    static func mentions(in scan: inout QuestionScan, vocabulary: SelfQuery.Vocabulary) -> [Mention] {
        guard vocabulary.dateKey != nil else { return [] }
        let grammar = DateGrammar(scan: scan, today: vocabulary.today)
        var expressions: [Expression] = []
        var index = 0
        while index < scan.tokens.count {
            guard scan.freeWord(index) != nil, let expression = grammar.expression(at: index) else {
                index += 1
                continue
            }
            expressions.append(expression)
            index = expression.tokens.upperBound
        }
        guard let first = expressions.first, let last = expressions.last,
              let period = combine(expressions.map(\.period)), let filter = render(period, vocabulary)
        else { return [] }
        for expression in expressions { scan.claim(expression.tokens) }
        return [Mention(kind: .date, filter: filter, claimed: first.tokens.lowerBound..<last.tokens.upperBound,
                        edits: expressions.map { QueryEdit(tokens: $0.tokens) })]
    }

    /// One period meaning all of `periods`, or nil when they do not make one.
    static func combine(_ periods: [DatePeriod]) -> DatePeriod? {
        guard periods.count > 1 else { return periods.first }
        if periods.allSatisfy(\.isBounded) { return contiguousUnion(periods) }
        var result = DatePeriod()
        for period in periods {
            if let start = period.start { result.start = max(result.start ?? start, start) }
            if let end = period.end { result.end = min(result.end ?? end, end) }
        }
        if let start = result.start, let end = result.end, start >= end { return nil }
        return result
    }

    /// The union of bounded periods when it has no gap ("2019 and 2020"), else nil ("2015 and 2020").
    static func contiguousUnion(_ periods: [DatePeriod]) -> DatePeriod? {
        let sorted = periods.sorted { $0.start! < $1.start! }
        var union = sorted[0]
        for period in sorted.dropFirst() {
            guard period.start! <= union.end! else { return nil }
            union.end = max(union.end!, period.end!)
        }
        return union
    }

    /// The filter members for `period` in the form the vocabulary's dates take; nil for an unbounded period.
    static func render(_ period: DatePeriod, _ vocabulary: SelfQuery.Vocabulary) -> JSONValue? {
        guard period.start != nil || period.end != nil else { return nil }
        guard let key = vocabulary.dateKey.map({ "metadata.\($0)" }) else { return nil }
        switch vocabulary.dateValues {
        case .isoDate:
            var bounds: [(key: String, value: JSONValue)] = []
            if let start = period.start { bounds.append(("$gte", .string(start.description))) }
            if let end = period.end { bounds.append(("$lt", .string(end.description))) }
            return .object([(key, .object(bounds))])
        case .year:
            // Whole years only: a period inside a year (March 2021) widens to that year, never narrows.
            let first = period.start?.year
            let last = period.end.map { $0.adding(days: -1).year }
            if let first, let last, first == last { return .object([(key, .number(Double(first)))]) }
            var bounds: [(key: String, value: JSONValue)] = []
            if let first { bounds.append(("$gte", .number(Double(first)))) }
            if let last { bounds.append(("$lte", .number(Double(last)))) }
            return .object([(key, .object(bounds))])
        }
    }
}
