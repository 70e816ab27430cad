/// BM25's two free parameters.
///
/// - `k1` saturates term frequency: the tenth occurrence adds far less than the first; 0 ignores frequency.
/// - `b` normalizes by length: 1 divides frequency fully by dl/avgdl, 0 ignores length.
///
/// Defaults: k1 = 1.2, b = 0.75 (Lucene's). Measured with the default analyzer on SciFact, nDCG@10 by `ir_eval.py`
/// (`ragd-bench bm25 --sweep [--split train]`):
///
///     k1    b     test (300 q)  train (809 q)
///     1.2   0.75  0.6943        0.6937
///     0.9   0.4   0.6896        0.6933   ← Anserini's defaults, used for SciFact's published BM25
///     1.2   0.4   0.6906        0.6959
///     0.9   0.75  0.6950        0.6919
///
/// The grid is flat within ±0.003 on the 809 train queries; 1.2/0.75 is never worse than 0.9/0.4 on either split and
/// keeps the better Recall@100 (0.931 vs 0.926 on train). ragd's knowledge bases mix chunk sizes across documents,
/// where normalizing length (b = 0.75) matters more than in a corpus of similar abstracts, and Lucene, Elasticsearch
/// and OpenSearch ship the same defaults, so scores behave as users of those expect.
package struct BM25Parameters: Sendable, Hashable {
    /// Term-frequency saturation, ≥ 0.
    package var k1: Float
    /// Length normalization, in 0...1.
    package var b: Float

    /// Allowed `k1`: beyond 10 frequency is effectively linear, which BM25 exists to avoid.
    package static let k1Limits: ClosedRange<Float> = 0...10
    /// Allowed `b`.
    package static let bLimits: ClosedRange<Float> = 0...1

    /// Parameters `k1` and `b`; out-of-range values are a programmer error (validate user input against the limits).
    package init(k1: Float = 1.2, b: Float = 0.75) {
        precondition(Self.k1Limits.contains(k1) && Self.bLimits.contains(b), "BM25 parameters out of range")
        self.k1 = k1
        self.b = b
    }
}
