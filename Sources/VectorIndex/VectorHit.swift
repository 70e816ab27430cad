/// One search result: the caller's label and its cosine similarity to the query (higher is closer, at most 1).
package struct VectorHit: Sendable, Hashable {
    /// The label given to `insert(_:label:)`.
    package let label: UInt64
    /// Cosine similarity, the inner product of the normalized query and the normalized stored vector.
    package let score: Float

    /// A hit for `label` with similarity `score`.
    package init(label: UInt64, score: Float) {
        self.label = label
        self.score = score
    }
}
