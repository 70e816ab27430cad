/// Which retrievers a query uses.
package enum RetrievalMode: String, Sendable, CaseIterable {
    case hybrid, dense, lexical
}

/// Reordering after fusion.
package enum Rerank: String, Sendable, CaseIterable {
    case none
    /// Maximal marginal relevance over the candidates' vectors.
    case mmr
    /// A cross-encoder model; not available in this build (the API refuses it with a clear error).
    case crossEncoder = "cross_encoder"
}

/// How one query retrieves: the `retrieval` block of the query API merged over the knowledge base's config.
package struct RetrievalOptions: Sendable, Equatable {
    package var mode: RetrievalMode = .hybrid
    package var fusion: Fusion = .rrf
    /// Weight of dense scores in `weighted` fusion, 0…1.
    package var alpha: Float = 0.5
    package var topK: Int = 5
    package var rerank: Rerank = .none
    package var mmrLambda: Float = MaximalMarginalRelevance.defaultLambda
    /// Hits whose reported score is below this are dropped (0 keeps everything).
    package var minScore: Float = 0

    /// Creates options with the defaults of API.md.
    package init() {}

    /// How many candidates each retriever returns for fusion and reranking: fusion needs depth in both lists to
    /// find documents that rank well in one and moderately in the other, and MMR needs alternatives to choose from.
    /// 4 × k with a floor of 40 keeps RRF's result stable (deeper lists barely change the top k) and a cap of 400
    /// bounds the cost for a large `top_k`.
    package var candidateCount: Int {
        min(max(topK * 4, 40), 400)
    }
}
