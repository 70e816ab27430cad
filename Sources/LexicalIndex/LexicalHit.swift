/// One search result: a document's label and its BM25 score (higher is better).
package struct LexicalHit: Sendable, Hashable {
    /// The label the document was added under.
    package let label: UInt64
    /// The document's BM25 score for the query.
    package let score: Float

    /// A hit for `label` scoring `score`.
    package init(label: UInt64, score: Float) {
        self.label = label
        self.score = score
    }
}
