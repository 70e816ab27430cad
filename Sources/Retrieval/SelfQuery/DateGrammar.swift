/// The date expressions a question can contain, read at one token at a time.
///
/// A date *point* is an ISO day ("2021-03-15") or month ("2021-03"), a month and year ("March 2021"), a year, a
/// year range written as one word ("2018-2020"), a decade ("the 2010s"), or a calendar period relative to today
/// ("last year", "this month"). Expressions built on points:
/// - a preposition: "in/during/from P" (also "in 2019 and 2020"), "on P", "between P and P", "from P to P",
///   "since/starting/as of P", "after/later than P", "before/prior to/earlier than P", "until/till/through/up to P";
/// - a rolling window: "(in/over/within) the past/last N years|months|weeks|days", "the past year", "the last decade";
/// - a bare point that cannot be anything else: a year range ("2018–2020", "2018 to 2020"), a relative period ("last
///   year"), a capitalized month and year, or a point before a document noun ("the 2019 findings");
/// - "recent", "latest" when `Options.recentMonths` is set.
///
/// Numbers are not dates unless they are: a year must be 4 digits inside `Options.years`, follow a cue, and not be
/// followed by an ordinary word ("in 2000 patients" is a count) or be money ("$2019"). "2019 patients", "p < 0.05",
/// "PPR-9087", "budget for 2024" get no date.
struct DateGrammar {
    let scan: QuestionScan
    let today: SelfQuery.Day

    typealias Expression = DateMatcher.Expression

    func expression(at index: Int) -> Expression? {
        window(at: index) ?? preposition(at: index) ?? bare(at: index) ?? recent(at: index)
    }

    // MARK: Expressions

    private func preposition(at index: Int) -> Expression? {
        guard let word = scan.freeWord(index) else { return nil }
        switch word {
        case "between":
            guard let (first, end) = point(at: index + 1, cued: true), scan.freeWord(end) == "and",
                  let (second, last) = point(at: end + 1, cued: true) else { return nil }
            return Expression(period: hull(first, second), tokens: index..<last)
        case "from":
            guard let (first, end) = point(at: index + 1, cued: true) else { return nil }
            if let range = range(first, from: index, after: end) { return range }
            if let next = scan.freeWord(end), ["onward", "onwards"].contains(next) {
                return Expression(period: DatePeriod(start: first.start), tokens: index..<end + 1)
            }
            if let next = scan.freeWord(end), ["to", "until", "till"].contains(next),
               let now = scan.freeWord(end + 1), ["now", "today", "present", "date"].contains(now) {
                return Expression(period: DatePeriod(start: first.start), tokens: index..<end + 2)
            }
            return list(startingWith: first, at: index, end: end)
        case "in", "during", "throughout", "on":
            guard let (first, end) = point(at: index + 1, cued: true) else { return nil }
            if let range = range(first, from: index, after: end) { return range }
            return list(startingWith: first, at: index, end: end)
        case "since", "starting", "as", "after", "later", "before", "prior", "earlier", "until", "till", "through",
             "thru", "up":
            return bound(word, at: index)
        default:
            return nil
        }
    }

    /// "since P", "as of P", "after P", "before P", "prior to P", "until P", "up to P"…
    private func bound(_ word: String, at index: Int) -> Expression? {
        var pointIndex = index + 1
        let second: Set<String>? = switch word {
        case "as": ["of"]
        case "later", "earlier": ["than"]
        case "prior", "up": ["to", "until"]
        case "starting": nil
        default: []
        }
        if let second {
            if !second.isEmpty {
                guard let next = scan.freeWord(pointIndex), second.contains(next) else { return nil }
                pointIndex += 1
            }
        } else if let next = scan.freeWord(pointIndex), ["from", "in", "on"].contains(next) {
            pointIndex += 1  // "starting from/in P"
        }
        guard let (period, end) = point(at: pointIndex, cued: true) else { return nil }
        let bounded: DatePeriod = switch word {
        case "since", "starting", "as": DatePeriod(start: period.start)
        case "after", "later": DatePeriod(start: period.end)
        case "before", "prior", "earlier": DatePeriod(end: period.start)
        default: DatePeriod(end: period.end)  // until, till, through, thru, up to
        }
        return Expression(period: bounded, tokens: index..<end)
    }

    /// "in 2019, 2020 and 2021": the points' union when they touch, else nothing.
    private func list(startingWith first: DatePeriod, at index: Int, end firstEnd: Int) -> Expression? {
        var periods = [first]
        var end = firstEnd
        while true {
            var next = end
            if scan.isSymbol(next, [","]) { next += 1 }
            if let word = scan.freeWord(next), word == "and" || word == "or" { next += 1 }
            guard next > end, let (period, after) = point(at: next, cued: true) else { break }
            periods.append(period)
            end = after
        }
        guard let union = DateMatcher.contiguousUnion(periods) else { return nil }
        return Expression(period: union, tokens: index..<end)
    }

    /// "(in|over|within|during|for|from) (the) past|last|previous (N) year(s)|month(s)|week(s)|day(s)|decade(s)".
    private func window(at index: Int) -> Expression? {
        var cursor = index
        if let word = scan.freeWord(cursor), Self.windowPrepositions.contains(word) { cursor += 1 }
        let article = scan.freeWord(cursor) == "the"
        if article { cursor += 1 }
        guard let relative = scan.freeWord(cursor), ["past", "last", "previous"].contains(relative) else { return nil }
        cursor += 1
        var count: Int?
        if let word = scan.freeWord(cursor), let number = Self.count(word) {
            count = number
            cursor += 1
        }
        guard let unitWord = scan.freeWord(cursor), let unit = Unit(unitWord) else { return nil }
        // "the past years" is vague; "last year" without "the" is the calendar year, read as a point.
        if unit.isPlural, count == nil { return nil }
        if !article, count == nil, relative != "past", unit.isCalendar { return nil }
        return Expression(period: DatePeriod(start: unit.subtract(count ?? 1, from: today)), tokens: index..<cursor + 1)
    }

    /// A point no other reading can have.
    private func bare(at index: Int) -> Expression? {
        guard let (period, end) = point(at: index, cued: false) else { return nil }
        if let range = range(period, from: index, after: end) { return range }
        let token = scan.tokens[index]
        let isDashed = token.hasDigit && token.folded.contains("-")  // "2018-2020", "2021-03-15"
        let isRelative = Self.relativeWords.contains(token.folded)
        let isCapitalizedMonth = Lexicon.months[token.folded] != nil && token.isCapitalized
        let beforeDocument = scan.word(end).map(Lexicon.documentNouns.contains) ?? false
        guard isDashed || isRelative || isCapitalizedMonth || beforeDocument else { return nil }
        return Expression(period: period, tokens: index..<end)
    }

    private func recent(at index: Int) -> Expression? {
        guard let months = scan.options.recentMonths, let word = scan.freeWord(index),
              ["recent", "recently", "latest", "newest"].contains(word) else { return nil }
        return Expression(period: DatePeriod(start: today.adding(months: -months)), tokens: index..<index + 1)
    }

    /// "P to P", "P until P", "P – P": the expression from `start` when a second point follows the first's `end`.
    private func range(_ first: DatePeriod, from start: Int, after end: Int) -> Expression? {
        let joined = scan.isSymbol(end, Lexicon.dashes)
            || (scan.freeWord(end).map { ["to", "until", "till", "through", "thru"].contains($0) } ?? false)
        guard joined, let (second, last) = point(at: end + 1, cued: true), second.isBounded else { return nil }
        return Expression(period: hull(first, second), tokens: start..<last)
    }

    /// From the earlier start to the later end, whichever order they were written in.
    private func hull(_ a: DatePeriod, _ b: DatePeriod) -> DatePeriod {
        DatePeriod(start: min(a.start!, b.start!), end: max(a.end!, b.end!))
    }

    private static let relativeWords: Set<String> = ["last", "this", "previous", "current"]
    private static let windowPrepositions: Set<String> = ["in", "over", "within", "during", "for", "from"]

    private static func count(_ word: String) -> Int? {
        if let number = Lexicon.numberWords[word] { return number }
        guard word.count <= 3, word.allSatisfy(\.isASCIIDigit), let number = Int(word), (1...100).contains(number)
        else { return nil }
        return number
    }
}

/// A unit of a rolling window.
private struct Unit {
    let months: Int
    let days: Int
    let isPlural: Bool

    init?(_ word: String) {
        let singular = word.hasSuffix("s") ? String(word.dropLast()) : word
        isPlural = singular != word
        switch singular {
        case "year": (months, days) = (12, 0)
        case "month": (months, days) = (1, 0)
        case "decade": (months, days) = (120, 0)
        case "week": (months, days) = (0, 7)
        case "day": (months, days) = (0, 1)
        default: return nil
        }
    }

    var isCalendar: Bool { months == 12 || months == 1 }

    func subtract(_ count: Int, from today: SelfQuery.Day) -> SelfQuery.Day {
        months > 0 ? today.adding(months: -months * count) : today.adding(days: -days * count)
    }
}
