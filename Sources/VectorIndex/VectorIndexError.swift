/// Why a vector or query was refused. Inputs come from embedders and API callers, so a bad vector is an error the
/// server maps to a 4xx/5xx rather than a crash.
package enum VectorIndexError: Error, Equatable, Sendable {
    /// The vector has `actual` components; the index holds `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// Component `index` is NaN or infinite.
    case nonFiniteComponent(index: Int)
    /// All components are zero: a zero vector has no direction, so it has no cosine similarity.
    case zeroVector
    /// The index holds `limit` nodes (tombstones included), the most its 32-bit node ids can address; compact it.
    case capacityExceeded(limit: Int)
}
