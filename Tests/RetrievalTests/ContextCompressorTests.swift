import Testing
@testable import Retrieval

/// A deterministic stand-in for a sentence embedder: content words (lower-cased, a plural "s" dropped, stop words
/// skipped) hashed with FNV-1a into a bag-of-words vector, normalized. Sentences sharing words with the query score
/// high; sentences sharing none score 0.
enum ToyEmbedder {
    static let dimensions = 512
    static let stopWords: Set<String> = [
        "the", "a", "an", "is", "are", "of", "to", "in", "and", "it", "be", "must", "for", "on", "with", "what",
        "how", "this", "that", "by", "at", "as", "was", "do", "does", "i", "when", "they", "however", "go",
    ]

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { word in
            word.count > 3 && word.hasSuffix("s") ? String(word.dropLast()) : String(word)
        }.filter { !stopWords.contains($0) }
    }

    static func vector(_ text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimensions)
        for word in words(text) {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            vector[Int(hash % UInt64(dimensions))] += 1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    static func embed(_ texts: [String]) -> [[Float]] { texts.map(vector) }
}

/// Sentences end at `.`, `!` or `?` before whitespace or the end; surrounding whitespace is left out.
func toySentences(_ text: Substring) -> [Range<String.Index>] {
    let scalars = text.unicodeScalars
    var result: [Range<String.Index>] = []
    var start: String.Index?
    var lastContent = scalars.startIndex
    var index = scalars.startIndex
    while index < scalars.endIndex {
        let scalar = scalars[index]
        let next = scalars.index(after: index)
        if !scalar.properties.isWhitespace {
            if start == nil { start = index }
            lastContent = next
        }
        if let begin = start, ".!?".unicodeScalars.contains(scalar),
           next == scalars.endIndex || scalars[next].properties.isWhitespace {
            result.append(begin..<next)
            start = nil
        }
        index = next
    }
    if let begin = start { result.append(begin..<lastContent) }
    return result
}

/// Whitespace-separated words: additive over whitespace, like WordPiece.
func wordTokens(_ text: Substring) -> Int { text.split(whereSeparator: \.isWhitespace).count }

@Suite struct ContextCompressorTests {
    static let sources: [ContextCompressor.Input] = [
        .init(marker: 1, text: "Expense reports go to the finance team. They must be filed within 30 days of travel. "
              + "The office kitchen is cleaned on Fridays. Parking permits are issued by security."),
        .init(marker: 2, text: "Café au lait costs €3 in the canteen 🙂. Late expense reports are rejected by finance "
              + "after 30 days. The canteen opens at 8 o’clock."),
        .init(marker: 3, text: "The annual picnic is in June. Volunteers plan the games."),
    ]
    static let question = "When must expense reports be filed?"

    func compress(_ sources: [ContextCompressor.Input] = sources, question: String = question,
                  settings: ContextCompressor.Settings = .init(),
                  countTokens: (Substring) -> Int = wordTokens) -> [ContextCompressor.Output] {
        ContextCompressor(settings: settings).compress(queryVector: ToyEmbedder.vector(question), sources: sources,
                                                       sentences: toySentences, embed: ToyEmbedder.embed,
                                                       countTokens: countTokens)
    }

    func settings(budget: Int?, fraction: Double = 1, minSimilarity: Float = 0.1) -> ContextCompressor.Settings {
        var settings = ContextCompressor.Settings()
        settings.tokenBudget = budget
        settings.budgetFraction = fraction
        settings.minSimilarity = minSimilarity
        return settings
    }

    /// The text of `range` (scalar offsets) in `text`.
    func slice(_ text: String, _ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
    }

    /// Scalar offsets of the toy splitter's sentences of `text`.
    func sentenceOffsets(_ text: String) -> [Range<Int>] {
        toySentences(text[...]).map { range in
            text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
                ..< text.unicodeScalars.distance(from: text.startIndex, to: range.upperBound)
        }
    }

    @Test func relevantSentencesStayAndIrrelevantSourcesGo() {
        let outputs = compress()
        #expect(outputs.map(\.marker) == [1, 2, 3])
        #expect(outputs[0].text.contains("filed within 30 days"))
        #expect(outputs[0].text.contains("Expense reports go to the finance team."))
        #expect(!outputs[0].text.contains("kitchen") && !outputs[0].text.contains("Parking"))
        #expect(outputs[1].text == "Late expense reports are rejected by finance after 30 days.")
        #expect(outputs[2].isDropped && outputs[2].text.isEmpty && outputs[2].tokensAfter == 0)
    }

    @Test func keptOffsetsMapBackToTheOriginalText() {
        var sources = Self.sources
        sources.append(.init(marker: 4, text: "  Ре́зюме: expense reports 報告 must be filed. Naïve e\u{301}xpense "
                             + "rules 🙂 apply to reports filed late! Nothing else."))
        let outputs = compress(sources, settings: settings(budget: nil, fraction: 0.8))
        for (source, output) in zip(sources, outputs) {
            let sentences = sentenceOffsets(source.text)
            #expect(output.text == output.kept.map { slice(source.text, $0) }.joined(separator: " … "))
            for range in output.kept {
                #expect(sentences.contains { $0.lowerBound == range.lowerBound }, "a piece starts a sentence")
                #expect(sentences.contains { $0.upperBound == range.upperBound }, "a piece ends a sentence")
            }
            #expect(zip(output.kept, output.kept.dropFirst()).allSatisfy { $0.upperBound < $1.lowerBound })
        }
        #expect(outputs[3].kept.count >= 1)
        #expect(slice(sources[3].text, outputs[3].kept[0]).hasPrefix("Ре́зюме: expense reports 報告"))
    }

    @Test(arguments: [0, 4, 9, 12, 20, 25, 26, 33, 1_000])
    func theBudgetHolds(budget: Int) {
        let outputs = compress(settings: settings(budget: budget))
        #expect(outputs.reduce(0) { $0 + $1.tokensAfter } <= budget)
        if budget == 0 { #expect(outputs.allSatisfy { $0.isDropped }) }
        // Costs: the finance sentence 7, the late-reports sentence 10, "They must be filed…" 9, a marker 1.
        if budget >= 7 { #expect(outputs[0].text.hasPrefix("Expense reports go to the finance team.")) }
        if budget >= 26 { #expect(outputs[0].text.contains("filed within 30 days")) }
        if budget < 26 { #expect(!outputs[0].text.contains("filed within 30 days")) }
    }

    @Test func theDefaultBudgetIsHalfTheInput() {
        let compressor = ContextCompressor()
        #expect(compressor.budget(forInputTokens: 101) == 51)
        var capped = ContextCompressor.Settings()
        capped.tokenBudget = 20
        #expect(ContextCompressor(settings: capped).budget(forInputTokens: 1_000) == 20)
        let outputs = compress(settings: settings(budget: nil, fraction: 0.5, minSimilarity: -1))
        let before = outputs.reduce(0) { $0 + $1.tokensBefore }
        let after = outputs.reduce(0) { $0 + $1.tokensAfter }
        #expect(after <= (before + 1) / 2)
        #expect(after > before / 4, "with no relevance floor the budget is used")
    }

    @Test func tokenCountsAreReported() {
        let outputs = compress()
        for (source, output) in zip(Self.sources, outputs) {
            #expect(output.tokensBefore == wordTokens(source.text[...]))
            #expect(output.tokensAfter == wordTokens(output.text[...]))
        }
        #expect(outputs.reduce(0) { $0 + $1.tokensAfter } < outputs.reduce(0) { $0 + $1.tokensBefore })
    }

    @Test func documentOrderIsRestored() {
        // The best sentence comes last, the second best first: the output keeps the text's order.
        let source = ContextCompressor.Input(marker: 7, text: "Expense reports exist. Lunch is at noon. The weather "
                                             + "is mild. Expense reports must be filed within 30 days.")
        let output = compress([source], question: "expense reports filed within 30 days",
                              settings: settings(budget: 14))[0]
        #expect(output.text == "Expense reports exist. … Expense reports must be filed within 30 days.")
        #expect(output.kept.map(\.lowerBound) == output.kept.map(\.lowerBound).sorted())
    }

    @Test func everyRelevantSourceKeepsItsBestSentenceFirst() {
        let strong = ContextCompressor.Input(marker: 1, text: "Expense reports are filed monthly. Expense reports "
                                             + "are filed online. Expense reports are filed by staff.")
        let weak = ContextCompressor.Input(marker: 2, text: "Receipts help when expense questions arise.")
        var settings = settings(budget: 14)
        let fair = compress([strong, weak], question: "expense reports filed", settings: settings)
        #expect(!fair[1].isDropped)
        settings.keepBestPerSource = false
        let greedy = compress([strong, weak], question: "expense reports filed", settings: settings)
        #expect(greedy[1].isDropped)
        #expect(greedy[0].kept.count > fair[0].kept.count || greedy[0].text.count > fair[0].text.count)
    }

    @Test func referencesKeepTheirNeighbours() {
        let source = ContextCompressor.Input(marker: 1, text: "Travel claims go to Dana. It must be filed within 30 "
                                             + "days. Parking is free. The deadline for filing is strict. However, "
                                             + "exceptions need approval from Dana.")
        var settings = settings(budget: nil)
        let linked = compress([source], question: "filed within 30 days deadline", settings: settings)[0]
        #expect(linked.text == "Travel claims go to Dana. It must be filed within 30 days. … The deadline for filing "
                + "is strict. However, exceptions need approval from Dana.")
        settings.followReferences = false
        let alone = compress([source], question: "filed within 30 days deadline", settings: settings)[0]
        #expect(alone.text == "It must be filed within 30 days. … The deadline for filing is strict.")
    }

    @Test func anOverlongSentenceIsKeptInWindows() {
        let filler = (0..<150).map { "word\($0)" }
        let text = (filler[..<120] + ["expense", "reports", "must", "be", "filed", "within", "30", "days"] + filler[120...])
            .joined(separator: " ")
        var settings = settings(budget: 12)
        settings.maxUnitTokens = 10
        let output = compress([.init(marker: 1, text: text)], settings: settings)[0]
        #expect(output.tokensAfter <= 12)
        #expect(output.text.contains("filed"))
        #expect(output.text == output.kept.map { slice(text, $0) }.joined(separator: " … "))
        // One window cannot exceed a budget smaller than itself: nothing is truncated mid-window.
        settings.tokenBudget = 3
        #expect(compress([.init(marker: 1, text: text)], settings: settings)[0].isDropped)
    }

    @Test func emptyInputsEmbedNothing() {
        var calls = 0
        let compressor = ContextCompressor()
        let none = compressor.compress(queryVector: ToyEmbedder.vector("x"), sources: [], sentences: toySentences,
                                       embed: { calls += 1; return ToyEmbedder.embed($0) }, countTokens: wordTokens)
        #expect(none.isEmpty)
        let blank = compressor.compress(queryVector: ToyEmbedder.vector("x"),
                                        sources: [.init(marker: 1, text: ""), .init(marker: 2, text: " \n\t ")],
                                        sentences: toySentences, embed: { calls += 1; return ToyEmbedder.embed($0) },
                                        countTokens: wordTokens)
        #expect(calls == 0)
        #expect(blank.map { $0.isDropped } == [true, true])
        #expect(blank.map(\.tokensBefore) == [0, 0])
        let broken = compressor.compress(queryVector: ToyEmbedder.vector(Self.question), sources: Self.sources,
                                         sentences: toySentences,
                                         embed: { $0.map { _ in [Float](repeating: .nan, count: ToyEmbedder.dimensions) } },
                                         countTokens: wordTokens)
        #expect(broken.allSatisfy { $0.isDropped }, "NaN scores are never kept")
    }

    @Test func allSentencesAreEmbeddedInOneCall() throws {
        var batches: [[String]] = []
        _ = ContextCompressor().compress(queryVector: ToyEmbedder.vector(Self.question), sources: Self.sources,
                                         sentences: toySentences, embed: { batches.append($0); return ToyEmbedder.embed($0) },
                                         countTokens: wordTokens)
        #expect(batches.count == 1)
        #expect(batches.first?.count == Self.sources.map { toySentences($0.text[...]).count }.reduce(0, +))
        var capped = ContextCompressor.Settings()
        capped.maxUnits = 3
        batches = []
        _ = ContextCompressor(settings: capped).compress(
            queryVector: ToyEmbedder.vector(Self.question), sources: Self.sources, sentences: toySentences,
            embed: { batches.append($0); return ToyEmbedder.embed($0) }, countTokens: wordTokens)
        #expect(batches.first?.count == 3)
    }

    @Test func embedderErrorsPropagate() {
        struct Unavailable: Error {}
        #expect(throws: Unavailable.self) {
            try ContextCompressor().compress(queryVector: ToyEmbedder.vector(Self.question), sources: Self.sources,
                                             sentences: toySentences, embed: { _ in throw Unavailable() },
                                             countTokens: wordTokens)
        }
    }

    @Test func aCounterThatDoesNotAddUpStillFitsTheBudget() {
        // Roughly four characters a token, rounded up per text: joining pieces does not add up their counts.
        let characters: (Substring) -> Int = { ($0.unicodeScalars.count + 3) / 4 }
        for budget in [5, 11, 17, 30] {
            let outputs = compress(settings: settings(budget: budget, minSimilarity: -1), countTokens: characters)
            #expect(outputs.reduce(0) { $0 + $1.tokensAfter } <= budget)
        }
    }

    /// Every sentence embeds alike here, so only the lexical score and the per-source prior can tell them apart.
    @Test func lexicalOverlapAndRankPriorDecideBetweenEquallySimilarSentences() {
        var settings = ContextCompressor.Settings()
        settings.budgetFraction = 1
        settings.tokenBudget = 6
        settings.keepBestPerSource = false
        settings.followReferences = false
        settings.minSimilarity = -1
        let sources: [ContextCompressor.Input] = [
            .init(marker: 1, text: "Parking permits are issued weekly. The Normans landed in 1066."),
            .init(marker: 2, text: "Volunteers plan the annual games.", prior: 0),
        ]
        let same: ([String]) -> [[Float]] = { texts in texts.map { _ in [1, 0] } }
        func kept(_ sources: [ContextCompressor.Input], lexical: ((Substring) -> Float)?) -> [String] {
            ContextCompressor(settings: settings)
                .compress(queryVector: [1, 0], sources: sources, sentences: toySentences, embed: same,
                          countTokens: wordTokens, lexical: lexical)
                .filter { !$0.isDropped }.map(\.text)
        }
        #expect(kept(sources, lexical: { $0.contains("1066") ? 1 : 0 }) == ["The Normans landed in 1066."])
        var ranked = sources
        ranked[1].prior = 0.5
        #expect(kept(ranked, lexical: nil) == ["Volunteers plan the annual games."])
    }
}
