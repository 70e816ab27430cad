/// What an index of labelled vectors answers: nearest neighbours by cosine similarity. `HNSWIndex` answers
/// approximately and fast; `ExactIndex` answers exactly by scanning, the oracle for recall tests.
package protocol VectorSearching: AnyObject, Sendable {
    /// The number of components every vector and query must have.
    var dimension: Int { get }
    /// The number of searchable (inserted and not removed) labels.
    var count: Int { get }
    /// Stores `vector` (normalized by the index) under `label`, replacing the label's previous vector if any.
    func insert(_ vector: [Float], label: UInt64) throws(VectorIndexError)
    /// Removes `label`; false when it is not stored.
    @discardableResult
    func remove(label: UInt64) -> Bool
    /// The `k` stored labels most similar to `query`, best first, restricted to `filter` when given. `ef` is the
    /// candidate list size of approximate indexes (ignored by exact ones); nil uses the index's default.
    func search(_ query: [Float], k: Int, ef: Int?, filter: VectorFilter?) throws(VectorIndexError) -> [VectorHit]
}
