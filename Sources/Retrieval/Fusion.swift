/// How dense and lexical result lists become one list.
package enum Fusion: String, Sendable, CaseIterable {
    /// Reciprocal rank fusion: score(d) = Σ over lists 1 / (k + rank(d)), k = 60 (Cormack, Clarke & Büttcher 2009).
    /// Uses ranks only, so it needs no calibration between cosine similarities and BM25 scores.
    case rrf
    /// score(d) = α · dense′(d) + (1 − α) · lexical′(d), each list's scores min–max normalized to [0, 1] and a
    /// missing score counting 0. `alpha` = 1 is dense only, 0 lexical only.
    case weighted

    /// RRF's constant: large enough that the top ranks of one list do not drown the other (the paper's choice).
    package static let rrfK: Float = 60

    /// The two lists fused, best first; ties broken by label so the order is deterministic.
    package func fuse(dense: [RankedHit], lexical: [RankedHit], alpha: Float = 0.5) -> [FusedHit] {
        var byLabel: [UInt64: FusedHit] = [:]
        byLabel.reserveCapacity(dense.count + lexical.count)
        for (position, hit) in dense.enumerated() {
            byLabel[hit.label, default: FusedHit(label: hit.label, score: 0)].denseRank = position + 1
            byLabel[hit.label]!.denseScore = hit.score
        }
        for (position, hit) in lexical.enumerated() {
            byLabel[hit.label, default: FusedHit(label: hit.label, score: 0)].lexicalRank = position + 1
            byLabel[hit.label]!.lexicalScore = hit.score
        }
        let denseRange = Self.range(of: dense)
        let lexicalRange = Self.range(of: lexical)
        var fused = Array(byLabel.values)
        for index in fused.indices {
            let hit = fused[index]
            switch self {
            case .rrf:
                fused[index].score = (hit.denseRank.map { 1 / (Self.rrfK + Float($0)) } ?? 0)
                    + (hit.lexicalRank.map { 1 / (Self.rrfK + Float($0)) } ?? 0)
            case .weighted:
                let denseNormalized = hit.denseScore.map { Self.normalize($0, in: denseRange) } ?? 0
                let lexicalNormalized = hit.lexicalScore.map { Self.normalize($0, in: lexicalRange) } ?? 0
                fused[index].score = alpha * denseNormalized + (1 - alpha) * lexicalNormalized
            }
        }
        fused.sort { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }
        return fused
    }

    private static func range(of hits: [RankedHit]) -> ClosedRange<Float>? {
        guard let first = hits.first else { return nil }
        var low = first.score, high = first.score
        for hit in hits { low = min(low, hit.score); high = max(high, hit.score) }
        return low...high
    }

    /// Min–max normalization; a list whose scores are all equal maps them to 1 (each is the list's best).
    private static func normalize(_ score: Float, in range: ClosedRange<Float>?) -> Float {
        guard let range, range.upperBound > range.lowerBound else { return 1 }
        return (score - range.lowerBound) / (range.upperBound - range.lowerBound)
    }
}
