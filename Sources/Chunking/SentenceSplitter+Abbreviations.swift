/// The word before a period decides whether the period ends a sentence: "Dr. Smith", "e.g. Python", "J. R. R.
/// Tolkien", "U.S. Army", "No. 5" and "1. Install" do not.
enum Abbreviations {
    /// Abbreviations that are followed by more of the same sentence (titles, Latin, references, months). Dotted ones
    /// like "e.g." and "U.S." are recognised by shape instead.
    static let always: Set<String> = [
        "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "capt", "lt", "sgt", "cpl",
        "rev", "hon", "gov", "sen", "rep", "pres", "messrs", "mme", "mlle", "ph.d",
        "cf", "vs", "v", "al", "approx", "ca", "viz", "resp", "incl", "dept", "univ", "est",
        "fig", "figs", "eq", "eqs", "ref", "refs",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Abbreviations that precede a number ("No. 5", "p. 12", "vol. 3") but are ordinary words otherwise ("said no.").
    static let beforeNumbers: Set<String> = ["no", "nos", "nr", "p", "pp", "vol", "vols", "ch", "sec", "art", "op"]

    /// Longest word considered: every abbreviation is short, and this bounds the work per period.
    static let maxLength = 10

    /// Whether the period at `period` belongs to the word before it, so the sentence begun at `sentenceStart`
    /// continues with `following`.
    static func continuesAfterPeriod(at period: Int, sentenceStart: Int, followedBy following: Unicode.Scalar,
                                     in scalars: [Unicode.Scalar], _ bounds: Range<Int>) -> Bool {
        var start = period
        while start > bounds.lowerBound, period - start <= maxLength,
              !scalars[start - 1].isSpace, !scalars[start - 1].isOpener {
            start -= 1
        }
        let length = period - start
        guard length > 0, length <= maxLength else { return false }
        let word = scalars[start..<period]
        // "1. Install it." — a number opening its sentence is a list marker.
        if start == sentenceStart, length <= 3, word.allSatisfy(\.isASCIIDigit) { return true }
        // "J. R. R. Tolkien" — a single capital is an initial.
        if length == 1, word.first!.properties.isUppercase { return true }
        let lowered = String(String.UnicodeScalarView(word)).lowercased()
        if always.contains(lowered) { return true }
        if beforeNumbers.contains(lowered) { return following.isASCIIDigit }
        return isDottedInitialism(lowered)
    }

    /// "u.s", "e.g", "a.m", "u.s.a": single letters joined by periods.
    private static func isDottedInitialism(_ word: String) -> Bool {
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count > 1 && parts.allSatisfy { $0.count == 1 && $0.first!.isLetter }
    }
}
