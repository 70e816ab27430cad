/// The question as the matchers see it: its tokens, which of them are already claimed by a mention, and the look-up
/// budget all matchers share.
struct QuestionScan {
    let scalars: [Unicode.Scalar]
    let tokens: [QuestionToken]
    let options: SelfQuery.Options
    /// No upper-case letter anywhere: the asker did not capitalize, so lower case says nothing about names.
    let isAllLowercase: Bool
    /// Every word but minor ones capitalized (a title-cased or shouted question): capitals say nothing about titles.
    let isTitleCased: Bool
    private(set) var claimed: [Bool]
    private var lookupsLeft: Int

    init(scalars: [Unicode.Scalar], options: SelfQuery.Options) {
        self.scalars = scalars
        self.options = options
        tokens = QuestionTokenizer.tokens(of: scalars, limit: options.maxTokens)
        claimed = Array(repeating: false, count: tokens.count)
        lookupsLeft = options.maxLookups
        let words = tokens.filter { $0.kind == .word && !$0.hasDigit }
        isAllLowercase = !words.contains(where: \.isCapitalized)
        let majorWords = words.filter { !Lexicon.minorWords.contains($0.folded) }
        isTitleCased = majorWords.count >= 3 && majorWords.allSatisfy(\.isCapitalized)
    }

    /// The folded word at `index`; nil for a symbol or outside the question.
    func word(_ index: Int) -> String? {
        guard tokens.indices.contains(index), tokens[index].kind == .word else { return nil }
        return tokens[index].folded
    }

    /// The folded word at `index` when no mention has claimed it.
    func freeWord(_ index: Int) -> String? {
        guard tokens.indices.contains(index), !claimed[index] else { return nil }
        return word(index)
    }

    /// Whether `index` holds one of `symbols`.
    func isSymbol(_ index: Int, _ symbols: Set<String>) -> Bool {
        tokens.indices.contains(index) && tokens[index].kind == .symbol && symbols.contains(tokens[index].folded)
    }

    /// Whether every token of `range` is an unclaimed word.
    func areFreeWords(_ range: Range<Int>) -> Bool {
        range.lowerBound >= 0 && range.upperBound <= tokens.count
            && range.allSatisfy { !claimed[$0] && tokens[$0].kind == .word }
    }

    /// Whether `index` begins a sentence (so its capital letter means nothing).
    func isSentenceStart(_ index: Int) -> Bool {
        index == 0 || isSymbol(index - 1, ["." , "?", "!", ":", ";", "\"", "\u{201C}", "("])
    }

    /// Where a cue introducing a source ends right before `index` begins: "according to", "in", "per"… (see
    /// `Lexicon.sourcePrepositions`); nil without one.
    func sourceCue(before index: Int) -> Int? {
        if word(index - 1) == "to", word(index - 2) == "according" { return index - 2 }
        if let word = word(index - 1), Lexicon.sourcePrepositions.contains(word) { return index - 1 }
        return nil
    }

    /// `end`, or just past the comma at `end` ("According to Zhang, …" loses its comma with the phrase).
    func throughComma(_ end: Int) -> Int {
        isSymbol(end, [","]) ? end + 1 : end
    }

    mutating func claim(_ range: Range<Int>) {
        for index in range where claimed.indices.contains(index) { claimed[index] = true }
    }

    /// Takes one look-up from the shared budget; false once it is spent, which ends every matcher's scan.
    mutating func spendLookup() -> Bool {
        guard lookupsLeft > 0 else { return false }
        lookupsLeft -= 1
        return true
    }

    /// The folded words of `range` joined by spaces: the key titles, names and values are indexed under.
    func key(_ range: Range<Int>) -> String {
        range.map { tokens[$0].folded }.joined(separator: " ")
    }

    /// The scalar offsets covered by a token range.
    func scalarRange(ofTokens range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { return 0..<0 }
        return tokens[range.lowerBound].range.lowerBound..<tokens[range.upperBound - 1].range.upperBound
    }

    /// The question's text over a token range, as written.
    func text(ofTokens range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[scalarRange(ofTokens: range)]))
    }
}

/// A change to the query text: the tokens' text is replaced (by nothing, or by a pronoun).
struct QueryEdit {
    var tokens: Range<Int>
    var replacement: String = ""
}
