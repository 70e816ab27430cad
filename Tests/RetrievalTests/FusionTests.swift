import Testing
@testable import Retrieval

@Suite struct FusionTests {
    let dense = [RankedHit(label: 1, score: 0.9), RankedHit(label: 2, score: 0.8), RankedHit(label: 3, score: 0.1)]
    let lexical = [RankedHit(label: 3, score: 12), RankedHit(label: 4, score: 6), RankedHit(label: 1, score: 3)]

    @Test func reciprocalRankFusionSumsOneOverSixtyPlusRank() throws {
        let fused = Fusion.rrf.fuse(dense: dense, lexical: lexical)
        #expect(fused.map(\.label) == [1, 3, 2, 4])
        let first = try #require(fused.first)
        #expect(abs(first.score - (1 / 61 + 1 / 63)) < 1e-7)
        #expect(first.denseRank == 1 && first.lexicalRank == 3 && first.denseScore == 0.9 && first.lexicalScore == 3)
        let four = try #require(fused.first { $0.label == 4 })
        #expect(four.denseRank == nil && four.denseScore == nil && abs(four.score - 1 / 62) < 1e-7)
    }

    @Test func weightedFusionNormalizesEachList() throws {
        let fused = Fusion.weighted.fuse(dense: dense, lexical: lexical, alpha: 0.5)
        let byLabel = Dictionary(uniqueKeysWithValues: fused.map { ($0.label, $0.score) })
        // dense′: 1 → 1, 2 → 0.875, 3 → 0; lexical′: 3 → 1, 4 → 1/3, 1 → 0.
        #expect(abs(try #require(byLabel[1]) - 0.5) < 1e-6)
        #expect(abs(try #require(byLabel[2]) - 0.4375) < 1e-6)
        #expect(abs(try #require(byLabel[3]) - 0.5) < 1e-6)
        #expect(abs(try #require(byLabel[4]) - 1 / 6) < 1e-6)
        // Equal scores are ordered by label, so results are reproducible.
        #expect(fused.map(\.label) == [1, 3, 2, 4])
        #expect(Fusion.weighted.fuse(dense: dense, lexical: lexical, alpha: 1).first?.label == 1)
        #expect(Fusion.weighted.fuse(dense: dense, lexical: lexical, alpha: 0).first?.label == 3)
    }

    @Test func oneEmptyListLeavesTheOther() {
        #expect(Fusion.rrf.fuse(dense: [], lexical: lexical).map(\.label) == [3, 4, 1])
        #expect(Fusion.weighted.fuse(dense: dense, lexical: []).map(\.label) == [1, 2, 3])
        #expect(Fusion.rrf.fuse(dense: [], lexical: []).isEmpty)
        // A single-hit list normalizes to 1 rather than dividing by zero.
        let single = Fusion.weighted.fuse(dense: [RankedHit(label: 9, score: 0.3)], lexical: [], alpha: 0.5)
        #expect(single.first?.score == 0.5)
    }
}

@Suite struct HybridSearchTests {
    @Test func modesUseTheirRetrieversAndTopK() {
        var options = RetrievalOptions()
        options.topK = 2
        var asked: [String: Int] = [:]
        let dense: (Int) -> [RankedHit] = { k in asked["dense"] = k; return (0..<UInt64(k)).map { RankedHit(label: $0, score: 1 - Float($0) / 100) } }
        let lexical: (Int) -> [RankedHit] = { k in asked["lexical"] = k; return (0..<UInt64(k)).map { RankedHit(label: 100 - $0, score: 10 - Float($0)) } }
        options.mode = .dense
        #expect(HybridSearch.run(options, dense: dense, lexical: lexical, vector: { _ in nil }).map(\.label) == [0, 1])
        #expect(asked == ["dense": 2])
        options.mode = .lexical
        #expect(HybridSearch.run(options, dense: dense, lexical: lexical, vector: { _ in nil }).map(\.label) == [100, 99])
        options.mode = .hybrid
        asked = [:]
        let hybrid = HybridSearch.run(options, dense: dense, lexical: lexical, vector: { _ in nil })
        #expect(hybrid.count == 2)
        #expect(asked == ["dense": 40, "lexical": 40])
    }

    @Test func minScoreDropsWeakHits() {
        var options = RetrievalOptions()
        options.mode = .dense
        options.minScore = 0.5
        let hits = HybridSearch.run(options, dense: { _ in [RankedHit(label: 1, score: 0.7), RankedHit(label: 2, score: 0.4)] },
                                    lexical: { _ in [] }, vector: { _ in nil })
        #expect(hits.map(\.label) == [1])
    }

    @Test func mmrSkipsNearDuplicates() {
        // 1 and 2 are the same vector; 3 is different and a little less relevant.
        let vectors: [UInt64: [Float]] = [1: [1, 0], 2: [1, 0], 3: [0, 1]]
        let candidates = [FusedHit(label: 1, score: 1), FusedHit(label: 2, score: 0.95), FusedHit(label: 3, score: 0.8)]
        let picked = MaximalMarginalRelevance.select(candidates, k: 2, lambda: 0.7) { vectors[$0] }
        #expect(picked.map(\.label) == [1, 3])
        // λ = 1 is plain relevance order.
        #expect(MaximalMarginalRelevance.select(candidates, k: 2, lambda: 1) { vectors[$0] }.map(\.label) == [1, 2])
    }

    @Test func mergeAcrossKnowledgeBasesKeepsScoreOrder() {
        let merged = HybridSearch.merge([[RankedHit(label: 1, score: 0.9), RankedHit(label: 2, score: 0.2)],
                                         [RankedHit(label: 7, score: 0.5)]], k: 2)
        #expect(merged.map(\.label) == [1, 7])
    }
}
