/// One query's retrieval: the retrievers the mode asks for, fusion, optional MMR, `min_score`, top k. The caller
/// supplies the searches (already bound to the query, the knowledge bases and the filter), so this stays free of
/// indexes and storage and is tested with plain lists.
package enum HybridSearch {
    /// The top `options.topK` hits, best first. `dense` and `lexical` return up to `k` hits of their retriever;
    /// `vector` gives a chunk's unit vector for MMR. In a single-retriever mode a hit's `score` is that retriever's
    /// score; in hybrid mode it is the fused score.
    /// `fused` is called when fusion is done and reranking starts, so a caller can time the two apart.
    package static func run(_ options: RetrievalOptions, dense: (Int) -> [RankedHit], lexical: (Int) -> [RankedHit],
                            vector: (UInt64) -> [Float]?, fused: () -> Void = {}) -> [FusedHit] {
        let depth = options.rerank == .mmr || options.mode == .hybrid ? options.candidateCount : options.topK
        var candidates: [FusedHit]
        switch options.mode {
        case .dense:
            candidates = dense(depth).enumerated().map { position, hit in
                FusedHit(label: hit.label, score: hit.score, denseRank: position + 1, denseScore: hit.score)
            }
        case .lexical:
            candidates = lexical(depth).enumerated().map { position, hit in
                FusedHit(label: hit.label, score: hit.score, lexicalRank: position + 1, lexicalScore: hit.score)
            }
        case .hybrid:
            let (denseHits, lexicalHits) = (dense(depth), lexical(depth))
            candidates = options.fusion.fuse(dense: denseHits, lexical: lexicalHits, alpha: options.alpha)
        }
        if options.minScore > 0 { candidates.removeAll { $0.score < options.minScore } }
        fused()
        if options.rerank == .mmr {
            return MaximalMarginalRelevance.select(candidates, k: options.topK, lambda: options.mmrLambda, vector: vector)
        }
        return Array(candidates.prefix(options.topK))
    }

    /// Several best-first lists (one per knowledge base) merged into one best-first list of at most `k`; ties by label.
    package static func merge(_ lists: [[RankedHit]], k: Int) -> [RankedHit] {
        guard lists.count > 1 else { return Array((lists.first ?? []).prefix(k)) }
        let all = lists.joined().sorted { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }
        return Array(all.prefix(k))
    }
}
