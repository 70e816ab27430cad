import Testing
@testable import LexicalIndex
import Synchronization
import Threading

@Suite struct WordTermCacheTests {
    private static let words = ["Running", "running", "RUNNING", "cats", "the", "skies", "dying", "PPR-9087", "il-6",
                                "Crème", "naïve", "東京都", "Σοφία", "2024", "x", "", "children's", "ﬁne",
                                String(repeating: "long", count: 80), "heart-failure's", "a--b"]

    private static func terms(_ word: String, _ forEach: (UnsafeBufferPointer<UInt8>,
                                                           (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> [String] {
        var terms: [String] = []
        var bytes = Array(word.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            forEach(UnsafeBufferPointer(buffer)) { terms.append(String(decoding: $0, as: UTF8.self)) }
        }
        return terms
    }

    private static func expected(_ analyzer: Analyzer) -> [String: [String]] {
        var reusable = Analyzer.Reusable(analyzer)
        return Dictionary(uniqueKeysWithValues: words.map { word in
            (word, terms(word) { reusable.forEachTerm(in: $0, $1) })
        })
    }

    /// Cached or not, a word's terms are the analyzer's — the first time, the second, after the shard was emptied —
    /// including words with no terms (stop words, tokens over the analyzer's length limit) and several (compounds).
    @Test(arguments: [1, 4_096])
    func givesTheAnalyzersTerms(wordsPerShard: Int) {
        let analyzer = Analyzer()
        let expected = Self.expected(analyzer)
        #expect(expected["the"] == [])
        #expect(expected["PPR-9087"]!.count > 1)
        let cache = WordTermCache(analyzer, wordsPerShard: wordsPerShard)
        for round in 0..<3 {
            for word in Self.words.shuffled() {
                #expect(Self.terms(word) { cache.forEachTerm(in: $0, $1) } == expected[word], "\(word), round \(round)")
            }
        }
        // A full shard starts over: never more than its capacity per shard.
        #expect(cache.count <= 16 * wordsPerShard)
        #expect(cache.count > 0)
    }

    @Test func threadsShareOneCache() {
        let analyzer = Analyzer()
        let expected = Self.expected(analyzer)
        let cache = WordTermCache(analyzer, wordsPerShard: 2)
        let mismatches = Atomic(0)
        let threads = (0..<4).map { thread in
            OSThread.spawn(name: "word-terms-\(thread)") {
                for round in 0..<300 {
                    let word = Self.words[(round * 7 + thread) % Self.words.count]
                    if Self.terms(word, { cache.forEachTerm(in: $0, $1) }) != expected[word] {
                        mismatches.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        for thread in threads { thread.join() }
        #expect(mismatches.load(ordering: .relaxed) == 0)
    }
}
