/// One entry of a ranked list from one retriever: an index label (a chunk, as the caller numbered it) and its score
/// under that retriever (cosine similarity for dense, BM25 for lexical). Higher is better.
package struct RankedHit: Sendable, Equatable {
    /// The caller's label for the chunk.
    package var label: UInt64
    /// The retriever's score.
    package var score: Float

    /// Creates a hit.
    package init(label: UInt64, score: Float) {
        self.label = label
        self.score = score
    }
}

/// A chunk after fusion, with what each retriever said about it (the `explain` block of the query API).
package struct FusedHit: Sendable, Equatable {
    /// The caller's label for the chunk.
    package var label: UInt64
    /// The fused score the final order is sorted by (RRF sum, or the weighted normalized score).
    package var score: Float
    /// 1-based rank in the dense list, nil when dense search did not return it.
    package var denseRank: Int?
    /// Cosine similarity from dense search.
    package var denseScore: Float?
    /// 1-based rank in the lexical list.
    package var lexicalRank: Int?
    /// BM25 score from lexical search.
    package var lexicalScore: Float?

    /// Creates a fused hit.
    package init(label: UInt64, score: Float, denseRank: Int? = nil, denseScore: Float? = nil,
                 lexicalRank: Int? = nil, lexicalScore: Float? = nil) {
        self.label = label
        self.score = score
        self.denseRank = denseRank
        self.denseScore = denseScore
        self.lexicalRank = lexicalRank
        self.lexicalScore = lexicalScore
    }
}
