import Testing
@testable import LexicalIndex

@Suite struct BM25ScoringTests {
    /// N = 3, avgdl = (3 + 2 + 4) / 3 = 3.
    private func tinyIndex(_ parameters: BM25Parameters = BM25Parameters()) -> BM25Index {
        let index = BM25Index(options: AnalyzerOptions(removeStopWords: false, stemEnglish: false), parameters: parameters)
        index.add(label: 1, text: "apple banana apple")
        index.add(label: 2, text: "banana cherry")
        index.add(label: 3, text: "cherry cherry cherry date")
        return index
    }

    @Test func scoresMatchHandComputedBM25() {
        let index = tinyIndex()  // k1 1.2, b 0.75
        // idf(apple) = ln(1 + (3 − 1 + 0.5)/(1 + 0.5)) = ln(8/3) = 0.980829;
        // doc 1: tf 2, dl 3 → 2·2.2 / (2 + 1.2·(0.25 + 0.75·3/3)) = 4.4/3.2 = 1.375 → 1.348640.
        let apple = index.search("apple", k: 10)
        #expect(apple.map(\.label) == [1])
        #expect(abs(apple[0].score - 1.348640) < 1e-5)
        // idf(banana) = idf(cherry) = ln(1 + 1.5/2.5) = ln 1.6 = 0.470004.
        // doc 2: dl 2 → each term 2.2/(1 + 1.2·(0.25 + 0.75·2/3)) = 2.2/1.9 → 2 · 0.544215 = 1.088429;
        // doc 3: cherry tf 3, dl 4 → 6.6/(3 + 1.2·1.25) = 1.466667 → 0.689339; doc 1: banana tf 1, dl 3 → 0.470004.
        let hits = index.search("banana cherry", k: 10)
        #expect(hits.map(\.label) == [2, 3, 1])
        for (hit, expected) in zip(hits, [1.088429, 0.689339, 0.470004] as [Float]) {
            #expect(abs(hit.score - expected) < 1e-5)
        }
    }

    @Test func parametersChangeTheScores() {
        // b = 0 ignores length: doc 2 → 2 · 0.470004 · 1.9/1.9 = 0.940007; doc 3 → 0.470004 · 3·1.9/3.9 = 0.686928.
        let hits = tinyIndex(BM25Parameters(k1: 0.9, b: 0)).search("banana cherry", k: 2)
        #expect(hits.map(\.label) == [2, 3])
        #expect(abs(hits[0].score - 0.940007) < 1e-5)
        #expect(abs(hits[1].score - 0.686928) < 1e-5)
    }

    @Test func explainsQueryTerms() {
        let statistics = tinyIndex().termStatistics(for: "Apple apple kiwi")
        #expect(statistics.map(\.term) == ["apple", "kiwi"])
        #expect(statistics.map(\.queryWeight) == [2, 1])
        #expect(statistics.map(\.documentFrequency) == [1, 0])
        #expect(abs(statistics[0].idf - 0.980829) < 1e-6)
        #expect(statistics[1].idf == 0)
    }

    @Test func emptyStopWordAndUnmatchedQueriesReturnNothing() {
        let index = BM25Index()
        index.add(label: 7, text: "The quick brown fox")
        #expect(index.search("", k: 10).isEmpty)
        #expect(index.search("the and of", k: 10).isEmpty)
        #expect(index.search("zebra", k: 10).isEmpty)
        #expect(index.search("fox", k: 0).isEmpty)
        #expect(index.search("fox", k: 10).map(\.label) == [7])
        #expect(BM25Index().search("fox", k: 10).isEmpty)
    }

    @Test func equalScoresAreOrderedByLabel() {
        let index = BM25Index()
        for label: UInt64 in [42, 7, 19, 3] { index.add(label: label, text: "same words here") }
        index.add(label: 1, text: "other text")
        let hits = index.search("words", k: 3)
        #expect(hits.map(\.label) == [3, 7, 19])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func codesMatchInEverySpelling() {
        let index = BM25Index()
        index.add(label: 1, text: "Ticket PPR-9087: printer jams on tray 2")
        index.add(label: 2, text: "Ticket PPR-9088: scanner offline")
        index.add(label: 3, text: "The 9087 model is discontinued")
        for query in ["PPR-9087", "ppr-9087", "ppr9087", "PPR 9087", "ppr_9087"] {
            #expect(index.search(query, k: 1).first?.label == 1, "query \(query)")
        }
        #expect(Set(index.search("ppr", k: 5).map(\.label)) == [1, 2])
        #expect(Set(index.search("9087", k: 5).map(\.label)) == [1, 3])
        let email = BM25Index()
        email.add(label: 5, text: "Send it by e-mail.")
        #expect(email.search("email", k: 1).map(\.label) == [5])
        #expect(email.search("E-Mails", k: 1).map(\.label) == [5])
    }
}
