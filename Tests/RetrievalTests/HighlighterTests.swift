import LexicalIndex
import TestSupport
import Testing
@testable import Retrieval

@Suite struct HighlighterTests {
    let lowercased: (Substring) -> [String] = { [$0.lowercased()] }

    @Test func spansAreScalarOffsetsOfMatchingWords() {
        let text = "Heart failure: the heart (cœur) fails."
        let spans = Highlighter.spans(in: text, queryTerms: ["heart", "failure", "cœur"], terms: lowercased)
        #expect(spans == [[0, 13], [19, 24], [26, 30]])
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[26..<30])) == "cœur")
    }

    @Test func stemmingThatChangesTheSecondLetterStillMatches() {
        let stem: (Substring) -> [String] = { $0.lowercased() == "dying" ? ["die"] : [$0.lowercased()] }
        #expect(Highlighter.spans(in: "Dying stars", queryTerms: ["die"], terms: stem) == [[0, 5]])
    }

    /// Keys give the same spans as asking the analyzer about every word, also for words with several terms.
    @Test func agreesWithAnalyzingEveryWord() {
        let words = ["Heart", "heart", "hEARTS", "failure", "cœur", "Œuvre", "naïve", "😀", "-", "ok", "o", "a1",
                     "x", "東京", "éclair", "Éclair", "dying", "die", "42", "4x4", "  ", ",", "ﬁne", "fine", "the",
                     "The", "x4"]
        // Words with digits analyze to the whole and its letters, as codes do; "the" is a stop word.
        let fold: (Substring) -> [String] = { word in
            let lower = word.lowercased()
            guard lower != "the" else { return [] }
            let whole = lower.hasSuffix("s") ? String(lower.dropLast()) : lower
            let letters = whole.filter(\.isLetter)
            return letters != whole && !letters.isEmpty ? [whole, letters] : [whole]
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...30, using: &generator))
                .map { _ in words.randomElement(using: &generator)! }
                .joined(separator: Bool.random(using: &generator) ? " " : ", ")
            let query = Set((0..<3).flatMap { _ in fold(words.randomElement(using: &generator)![...]).shuffled().prefix(1) })
            // Every word, analyzed; matches merged when only spaces lie between them.
            let scalars = Array(text.unicodeScalars)
            func isWord(_ scalar: Unicode.Scalar) -> Bool {
                scalar.isASCII ? (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
                    : (scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                        || scalar.properties.generalCategory == .nonspacingMark)
            }
            var expected: [[Int]] = []
            var position = 0
            while position < scalars.count {
                guard isWord(scalars[position]) else { position += 1; continue }
                var end = position
                while end < scalars.count, isWord(scalars[end]) { end += 1 }
                let word = String(String.UnicodeScalarView(scalars[position..<end]))
                if fold(word[...]).contains(where: query.contains) {
                    if let last = expected.last, scalars[last[1]..<position].allSatisfy({ $0 == " " }) {
                        expected[expected.count - 1][1] = end
                    } else {
                        expected.append([position, end])
                    }
                }
                position = end
            }
            #expect(Highlighter.spans(in: text, queryTerms: query, terms: fold) == expected, "\(text) \(query)")
        }
    }

    @Test func emojiAndAccentsCountOneScalarEach() {
        let text = "😀 café ok"
        #expect(Highlighter.spans(in: text, queryTerms: ["ok"], terms: lowercased) == [[7, 9]])
        #expect(Highlighter.spans(in: text, queryTerms: [], terms: lowercased).isEmpty)
    }

    /// Against the real analyzer (case folding, stop words, Porter2): every distinct word of the SciFact corpus and
    /// of the SQuAD articles is highlighted by a query made of its own terms.
    @Test func everyCorpusWordMatchesItsOwnTerms() throws {
        var text = String(decoding: try #require(SharedData.read("scifact/corpus.jsonl"),
                                                 "../shared/data/scifact is missing"), as: UTF8.self)
        text += String(decoding: try #require(SharedData.read("qa/squad2_dev_5articles/dev-v2.0-5articles.json")),
                       as: UTF8.self)
        var words = Set<Substring>()
        for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.allSatisfy(\.isASCII) {
            words.insert(word)
        }
        words.formUnion(["Dying", "lying", "tying", "skies", "using", "cry", "abed", "hoping", "ugly", "only"])
        #expect(words.count > 30_000)
        let analyzer = Analyzer()
        let terms: (Substring) -> [String] = { analyzer.queryTokens(String($0)) }
        var checked = 0
        for word in words {
            let own = Set(terms(word))
            guard !own.isEmpty else { continue }  // a stop word
            checked += 1
            let spans = Highlighter.spans(in: String(word), queryTerms: own, terms: terms)
            #expect(spans == [[0, word.unicodeScalars.count]], "\(word) → \(own)")
            if spans.isEmpty { return }
        }
        #expect(checked > 30_000)
    }

    /// A word matches by any of its terms, not only its first; a word without terms never does.
    @Test func laterTermsOfAWordMatchToo() {
        let terms: (Substring) -> [String] = { word in
            switch word {
            case "PPR9087": ["ppr9087", "ppr", "9087"]
            case "of": []
            default: [word.lowercased()]
            }
        }
        #expect(Highlighter.spans(in: "code PPR9087 of", queryTerms: ["9087"], terms: terms) == [[5, 12]])
        #expect(Highlighter.spans(in: "code PPR9087 of", queryTerms: ["of", "ppr"], terms: terms) == [[5, 12]])
        #expect(Highlighter.spans(in: "of of", queryTerms: ["of"], terms: terms).isEmpty)
    }

    /// Many query terms (past what the key filter separates) still match exactly the words that have them.
    @Test func manyQueryTermsMatchExactlyTheirWords() {
        let vocabulary = (0..<20_000).map { "w\($0)" }
        let query = Set(vocabulary.shuffled().prefix(2_000))
        let text = vocabulary.joined(separator: ", ")
        let spans = Highlighter.spans(in: text, queryTerms: query, terms: { [String($0)] })
        let scalars = Array(text.unicodeScalars)
        let highlighted = Set(spans.map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) })
        #expect(highlighted == query)
    }
}

extension Highlighter {
    /// The spans of a highlighter used once, on words whose terms are `terms(word)`: the tests' analyzers as
    /// functions of strings.
    static func spans(in text: String, queryTerms: Set<String>, terms: (Substring) -> [String]) -> [[Int]] {
        let words = Words(text) { word, body in
            for var term in terms(String(decoding: word, as: UTF8.self)[...]) { term.withUTF8(body) }
        }
        return Highlighter(queryTerms: queryTerms).spans(in: words)
    }
}
