import Testing
@testable import LexicalIndex

@Suite struct IncrementalIndexTests {
    @Test func addsRemovesAndReplacementsEqualAFreshBuild() {
        var corpus = RandomCorpus(seed: 21, vocabulary: 300)
        var live = corpus.documents(2_500, words: 5...40)
        let index = makeIndex(live)
        for step in 0..<2_000 {
            switch step % 4 {
            case 0, 1:
                let label = live.keys.randomElement(using: &corpus.generator)!
                #expect(index.remove(label: label))
                live[label] = nil
            case 2:
                let label = live.keys.randomElement(using: &corpus.generator)!
                let text = corpus.text(words: 5...40)
                index.add(label: label, text: text)
                live[label] = text
            default:
                let label = corpus.label()
                let text = corpus.text(words: 5...40)
                index.add(label: label, text: text)
                live[label] = text
            }
        }
        #expect(!index.remove(label: UInt64.max))
        #expect(index.count == live.count)
        // Removals crossed the compaction threshold at least once, so the dead postings left are under a quarter.
        let (stored, dead) = index.withStorage { ($0.storedPostings, $0.deadPostings) }
        #expect(dead * IndexStorage.compactionDeadFractionDenominator < stored)
        let fresh = makeIndex(live)
        expectSameResults(index, fresh, &corpus)
        index.compact()
        #expect(index.withStorage { $0.deadPostings } == 0)
        expectSameResults(index, fresh, &corpus)
    }

    @Test func removingEverythingLeavesAnEmptyIndex() {
        let index = BM25Index()
        index.add(label: 1, text: "alpha beta")
        index.add(label: 2, text: "beta gamma")
        #expect(index.remove(label: 1))
        #expect(index.search("alpha", k: 5).isEmpty)
        #expect(index.search("beta", k: 5).map(\.label) == [2])
        #expect(index.remove(label: 2))
        #expect(!index.remove(label: 2))
        #expect(index.count == 0)
        #expect(index.search("beta", k: 5).isEmpty)
        index.compact()
        index.add(label: 2, text: "gamma")
        #expect(index.search("gamma", k: 5).map(\.label) == [2])
        #expect(index.contains(2) && !index.contains(1))
    }

    private func expectSameResults(_ index: BM25Index, _ fresh: BM25Index, _ corpus: inout RandomCorpus) {
        for _ in 0..<100 {
            let query = corpus.text(words: 1...8)
            #expect(index.search(query, k: 10) == fresh.search(query, k: 10), "query \(query)")
            #expect(index.termStatistics(for: query) == fresh.termStatistics(for: query))
        }
    }
}
