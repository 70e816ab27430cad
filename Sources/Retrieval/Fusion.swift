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
    ///
    /// Runs for every hybrid query, so it hashes nothing: the dense hits are looked up by label in a sorted copy
    /// of their labels, and the final order sorts small (score, label, position) keys rather than the hits.
    package func fuse(dense: [RankedHit], lexical: [RankedHit], alpha: Float = 0.5) -> [FusedHit] {
        var fused: [FusedHit] = []
        fused.reserveCapacity(dense.count + lexical.count)
        for (position, hit) in dense.enumerated() {
            fused.append(FusedHit(label: hit.label, score: 0, denseRank: position + 1, denseScore: hit.score))
        }
        let byLabel = fused.indices.sorted { fused[$0].label < fused[$1].label }
        for (position, hit) in lexical.enumerated() {
            // The first dense hit whose label is not below this one's.
            var low = 0, high = byLabel.count
            while low < high {
                let middle = (low + high) / 2
                if fused[byLabel[middle]].label < hit.label { low = middle + 1 } else { high = middle }
            }
            if low < byLabel.count, fused[byLabel[low]].label == hit.label {
                fused[byLabel[low]].lexicalRank = position + 1
                fused[byLabel[low]].lexicalScore = hit.score
            } else {
                fused.append(FusedHit(label: hit.label, score: 0, lexicalRank: position + 1, lexicalScore: hit.score))
            }
        }
        let denseRange = Self.range(of: dense)
        let lexicalRange = Self.range(of: lexical)
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
        var order = fused.indices.map { (score: fused[$0].score, label: fused[$0].label, position: $0) }
        order.sort { $0.score != $1.score ? $0.score > $1.score : $0.label < $1.label }
        return order.map { fused[$0.position] }
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
