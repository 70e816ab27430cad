@testable import Chunking
import TestSupport
import Testing

@Suite struct TokenCounterTests {
    static let cases: [(text: String, tokens: Int)] = [
        ("", 0),
        ("   \n\t", 0),
        ("hello", 1),
        ("Hello, world!", 4),
        ("state-of-the-art", 7),
        ("3.14 and v2.0", 7),
        ("...", 1),
        ("café cafe\u{301}", 2),
        ("👨‍👩‍👧 👍🏽", 2),
        ("日本語です", 5),
        ("中a文", 3),
        ("Straße naïve Ελληνικά", 3),
        ("\u{301}", 1),
    ]

    @Test(arguments: cases)
    func counts(text: String, tokens: Int) {
        #expect(WhitespaceTokenCounter().count(Substring(text)) == tokens)
    }

    /// The chunker sums per-word counts, which is only right for a counter additive across whitespace.
    @Test func isAdditiveAcrossWhitespace() {
        var generator = GeneratedDocuments(seed: 3, recipe: .init(unicode: true))
        let text = generator.make().text
        let counter = WhitespaceTokenCounter()
        let words = text.split(whereSeparator: \.isWhitespace)
        #expect(words.count > 500)
        #expect(words.reduce(0) { $0 + counter.count($1) } == counter.count(Substring(text)))
    }
}
