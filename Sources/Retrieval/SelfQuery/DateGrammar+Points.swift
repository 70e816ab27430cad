extension DateGrammar {
    /// The point starting at `index` and the token after it. `cued`: a preposition comes first, which is what lets a
    /// lower-case month ("since may 2021") or a decade count.
    func point(at index: Int, cued: Bool) -> (DatePeriod, Int)? {
        guard let word = scan.freeWord(index) else { return nil }
        if cued, word == "the", let next = scan.freeWord(index + 1), let decade = decade(next) {
            return (decade, index + 2)
        }
        if cued, let decade = decade(word) { return (decade, index + 1) }
        if scan.tokens[index].hasDigit { return numericPoint(word, at: index).map { ($0, index + 1) } }
        if let month = Lexicon.months[word], cued || scan.tokens[index].isCapitalized {
            var yearIndex = index + 1
            if scan.isSymbol(yearIndex, ["."]) { yearIndex += 1 }  // "Mar. 2021"
            guard let year = year(at: yearIndex) else { return nil }
            let start = SelfQuery.Day.firstOf(year: year, month: month)
            return (DatePeriod(start: start, end: start.adding(months: 1)), yearIndex + 1)
        }
        return relativePeriod(word, at: index).map { ($0, index + 2) }
    }

    /// A year, an ISO day or month, or a year range in one word ("2018-2020").
    private func numericPoint(_ word: String, at index: Int) -> DatePeriod? {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        let years = scan.options.years
        switch (parts.map(\.count), numbers.count) {
        case ([4], 1):
            guard year(at: index) != nil else { return nil }
            return yearPeriod(numbers[0], numbers[0])
        case ([4, 4], 2):
            // "2018-2020": both years, in order, so that it cannot be a code or a subtraction.
            guard years.contains(numbers[0]), years.contains(numbers[1]), numbers[0] < numbers[1] else { return nil }
            return yearPeriod(numbers[0], numbers[1])
        case ([4, 2], 2):
            guard years.contains(numbers[0]), (1...12).contains(numbers[1]) else { return nil }
            let start = SelfQuery.Day.firstOf(year: numbers[0], month: numbers[1])
            return DatePeriod(start: start, end: start.adding(months: 1))
        case ([4, 2, 2], 3):
            guard years.contains(numbers[0]),
                  let day = SelfQuery.Day(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
            return DatePeriod(start: day, end: day.adding(days: 1))
        default:
            return nil
        }
    }

    /// The year at `index` when it reads as one: four digits inside `Options.years`, not money, and followed by
    /// nothing, punctuation, a function word, a document noun, a month or a capitalized word — never by an ordinary
    /// word, which makes it a count ("in 2000 patients").
    func year(at index: Int) -> Int? {
        guard let word = scan.freeWord(index), word.count == 4, word.allSatisfy(\.isASCIIDigit),
              let year = Int(word), scan.options.years.contains(year),
              !scan.isSymbol(index - 1, ["$", "€", "£", "¥", "#", "№", "+"]) else { return nil }
        guard scan.tokens.indices.contains(index + 1) else { return year }
        let next = scan.tokens[index + 1]
        if next.kind == .symbol { return ["%", "+", "×"].contains(next.folded) ? nil : year }
        if next.hasDigit { return nil }
        let following = next.folded
        let readsAsYear = Lexicon.functionWords.contains(following) || Lexicon.documentNouns.contains(following)
            || Lexicon.sayingVerbs.contains(following) || Lexicon.months[following] != nil || next.isCapitalized
        return readsAsYear ? year : nil
    }

    /// "this year", "last month", "previous year", "current month" — calendar periods.
    private func relativePeriod(_ word: String, at index: Int) -> DatePeriod? {
        guard ["last", "this", "previous", "current"].contains(word), let unit = scan.freeWord(index + 1),
              unit == "year" || unit == "month" else { return nil }
        let back = word == "last" || word == "previous" ? 1 : 0
        if unit == "year" {
            return yearPeriod(today.year - back, today.year - back)
        }
        let start = SelfQuery.Day.firstOf(year: today.year, month: today.month).adding(months: -back)
        return DatePeriod(start: start, end: start.adding(months: 1))
    }

    /// "1990s", "2010s".
    private func decade(_ word: String) -> DatePeriod? {
        guard word.count == 5, word.hasSuffix("s"), word.dropLast().allSatisfy(\.isASCIIDigit),
              let year = Int(word.dropLast()), year % 10 == 0, scan.options.years.contains(year) else { return nil }
        return yearPeriod(year, year + 9)
    }

    private func yearPeriod(_ first: Int, _ last: Int) -> DatePeriod {
        DatePeriod(start: .firstOf(year: first), end: .firstOf(year: last + 1))
    }
}
