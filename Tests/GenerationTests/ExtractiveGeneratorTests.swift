import Generation
import LexicalIndex
import Testing

@Suite("Extractive generator")
struct ExtractiveGeneratorTests {
    let analyzer = Analyzer(options: AnalyzerOptions())

    func answer(_ question: String, _ texts: [String], settings: ExtractiveGenerator.Settings = .init()) -> Answer {
        let sources = texts.enumerated().map { Source(marker: $0.offset + 1, title: "t\($0.offset)", text: $0.element) }
        return ExtractiveGenerator(settings: settings).answer(
            questionTerms: analyzer.queryTokens(question), sources: sources,
            analyze: { analyzer.queryTokens(String($0)) })
    }

    /// The text of `source` at scalar offsets `span`.
    func slice(_ source: String, _ span: [Int]) -> String {
        let scalars = Array(source.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[span[0]..<span[1]]))
    }

    @Test func quotesTheAnsweringSentenceAndCitesItsSource() {
        let sources = [
            "The Normans were a people in Normandy. They gave their name to the region.",
            "Hemoglobin is a protein in red blood cells. Hemoglobin carries oxygen from the lungs to the tissues.",
        ]
        let result = answer("What carries oxygen to the tissues?", sources)
        #expect(result.text.hasPrefix("Hemoglobin carries oxygen from the lungs to the tissues."))
        #expect(result.citedMarkers == [2])
        let spans = result.supports[2] ?? []
        #expect(!spans.isEmpty)
        #expect(spans.contains { slice(sources[1], $0) == "Hemoglobin carries oxygen from the lungs to the tissues." })
        for span in spans { #expect(span[0] >= 0 && span[0] < span[1] && span[1] <= sources[1].unicodeScalars.count) }
    }

    @Test func declinesWhenNothingMatchesTheQuestion() {
        let result = answer("Who won the 1998 football world cup?",
                            ["Photosynthesis turns light into chemical energy.", "Volcanoes erupt lava."])
        #expect(result.text == ExtractiveGenerator.noAnswer)
        #expect(result.supports.isEmpty)
        #expect(result.citedMarkers.isEmpty)
        #expect(answer("the of and", ["The cat sat."]).text == ExtractiveGenerator.noAnswer)
        #expect(answer("cats", []).text == ExtractiveGenerator.noAnswer)
    }

    @Test func highlightOffsetsCountUnicodeScalars() {
        let source = "Café ☕️ crème 🇫🇷. Espresso is brewed by forcing hot water through ground coffee."
        let result = answer("How is espresso brewed?", [source])
        let span = try! #require(result.supports[1]?.first)
        #expect(slice(source, span) == "Espresso is brewed by forcing hot water through ground coffee.")
    }

    @Test func respectsTheSentenceAndCharacterBudgets() {
        let source = (1...8).map { "Oxygen binds iron in case \($0)." }.joined(separator: " ")
        var settings = ExtractiveGenerator.Settings()
        settings.maxSentences = 2
        let two = answer("oxygen binds iron", [source], settings: settings)
        #expect(two.supports[1]?.count == 2)
        settings.maxSentences = 8
        settings.maxCharacters = 70
        let short = answer("oxygen binds iron", [source], settings: settings)
        #expect((short.supports[1] ?? []).reduce(0) { $0 + $1[1] - $1[0] } <= 70)
        // Sentences from one source share one marker, in reading order.
        #expect(CitationMarkers.find(in: two.text).count == 1)
    }

    @Test func isDeterministicAndCitesOnlyGivenSources() {
        let sources = ["Mercury is the closest planet to the Sun.", "Venus is the hottest planet.",
                       "Mars is called the red planet because of iron oxide."]
        let first = answer("Which planet is the hottest?", sources)
        #expect(first == answer("Which planet is the hottest?", sources))
        #expect(first.citedMarkers.allSatisfy { (1...3).contains($0) })
        #expect(first.citedMarkers.first == 2)
        #expect(CitationMarkers.check(first.text, markers: [1, 2, 3]).accuracy == 1)
    }
}
