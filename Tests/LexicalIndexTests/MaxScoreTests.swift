import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import LexicalIndex
import TestSupport

@Suite struct MaxScoreTests {
    @Test(arguments: [(1 as UInt64, 12), (2, 60), (3, 400)])
    func equalsExhaustiveScoringOnRandomCorpora(seed: UInt64, vocabulary: Int) {
        var corpus = RandomCorpus(seed: seed, vocabulary: vocabulary)
        let index = makeIndex(corpus.documents(800))
        for round in 0..<150 {
            let query = corpus.text(words: 1...12)
            let k = [1, 3, 10, 50, 1_000][round % 5]
            let expected = index.searchExhaustively(query, k: k)
            #expect(index.search(query, k: k) == expected, "query \(query) k \(k)")
            #expect(expected.count == min(k, matchingDocuments(index, query)))
        }
    }

    @Test func equalsExhaustiveScoringAcrossWindowsWithTombstonesAndFilters() {
        var corpus = RandomCorpus(seed: 8, vocabulary: 2_000)
        let documents = corpus.documents(3 * MaxScoreSearch.windowSize, words: 3...25)
        let index = makeIndex(documents)
        // Dead slots in every window (fewer than compaction needs), so tombstones are skipped, not compacted away.
        for label in documents.keys.sorted().enumerated().filter({ $0.offset % 7 == 0 }).prefix(600).map(\.element) {
            index.remove(label: label)
        }
        #expect(index.withStorage { $0.deadPostings } > 0)
        for round in 0..<200 {
            // Rare words next to common ones: non-essential lists are both walked and probed.
            let query = corpus.text(words: 1...10) + " w\(1_000 + round)"
            let k = [1, 10, 100][round % 3]
            let filter: ((UInt64) -> Bool)? = round % 2 == 0 ? nil : { $0 % 5 != 0 }
            #expect(index.search(query, k: k, filter: filter) == index.searchExhaustively(query, k: k, filter: filter),
                    "query \(query) k \(k)")
        }
    }

    @Test func exhaustiveScoringAgreesWithBM25ComputedFromScratch() {
        var corpus = RandomCorpus(seed: 9, vocabulary: 50)
        let documents = corpus.documents(300)
        let index = makeIndex(documents)
        let analyzer = Analyzer(options: RandomCorpus.options)
        let tokenized = documents.mapValues { analyzer.queryTokens($0) }
        let averageLength = Double(tokenized.values.map(\.count).reduce(0, +)) / Double(tokenized.count)
        for _ in 0..<40 {
            let query = corpus.text(words: 1...6)
            var oracle: [UInt64: Double] = [:]
            for term in analyzer.queryTokens(query) {
                let df = Double(tokenized.values.filter { $0.contains(term) }.count)
                guard df > 0 else { continue }
                let idf = log(1 + (Double(tokenized.count) - df + 0.5) / (df + 0.5))
                for (label, tokens) in tokenized {
                    let tf = Double(tokens.filter { $0 == term }.count)
                    guard tf > 0 else { continue }
                    let norm = 1.2 * (1 - 0.75 + 0.75 * Double(tokens.count) / averageLength)
                    oracle[label, default: 0] += idf * tf * 2.2 / (tf + norm)
                }
            }
            let hits = index.search(query, k: 20)
            let best = oracle.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(20)
            #expect(hits.count == best.count)
            for (hit, expected) in zip(hits, best) {
                #expect(abs(Double(hit.score) - expected.value) <= 1e-5 * expected.value, "query \(query)")
                #expect(abs(Double(hit.score) - (oracle[hit.label] ?? -1)) <= 1e-5 * expected.value)
            }
        }
    }

    @Test func filterAppliesDuringScoring() {
        var corpus = RandomCorpus(seed: 4, vocabulary: 40)
        let index = makeIndex(corpus.documents(600))
        for _ in 0..<60 {
            let query = corpus.text(words: 1...5)
            let keep: (UInt64) -> Bool = { $0 % 3 == 1 }
            let filtered = index.search(query, k: 10, filter: keep)
            #expect(filtered.allSatisfy { keep($0.label) })
            #expect(filtered == index.searchExhaustively(query, k: 10, filter: keep))
            // The top 10 that pass, not the passing part of the top 10.
            let unfiltered = index.search(query, k: 600).filter { keep($0.label) }
            #expect(filtered == Array(unfiltered.prefix(10)))
        }
        #expect(index.search("w1", k: 10, filter: { _ in false }).isEmpty)
    }

    @Test func scoreBoundsCoverEveryPosting() {
        var generator = SplitMix64(seed: 17)
        for _ in 0..<200 {
            var bound = ScoreBound()
            var postings: [(UInt32, UInt32)] = []
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                let posting = (UInt32.random(in: 1...20, using: &generator), UInt32.random(in: 1...500, using: &generator))
                postings.append(posting)
                bound.add(frequency: posting.0, length: posting.1)
            }
            #expect(bound.points.count <= ScoreBound.maxPoints)
            let parameters = BM25Parameters(k1: Float.random(in: 0...3, using: &generator),
                                            b: Float.random(in: 0...1, using: &generator))
            let scorer = BM25Scorer(parameters: parameters, documentCount: 1_000,
                                    totalLength: UInt64.random(in: 1_000...400_000, using: &generator))
            let maximum = bound.maxScore(scorer, weight: 2.5)
            for (frequency, length) in postings {
                #expect(scorer.score(weight: 2.5, frequency: frequency, length: length) <= maximum)
            }
        }
    }

    private func matchingDocuments(_ index: BM25Index, _ query: String) -> Int {
        index.searchExhaustively(query, k: .max).count
    }
}
