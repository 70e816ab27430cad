/// Maximal marginal relevance (Carbonell & Goldstein 1998): picks results one at a time, each maximizing
/// λ · relevance(d) − (1 − λ) · max over already picked p of similarity(d, p), so near-duplicate chunks (the same
/// paragraph in two versions of a handbook) do not fill the top k.
package enum MaximalMarginalRelevance {
    /// The default trade-off: mostly relevance, enough diversity to drop near-duplicates.
    package static let defaultLambda: Float = 0.7

    /// `candidates` reordered, first `k` by MMR. Relevance is each candidate's fused score scaled to [0, 1];
    /// similarity is the cosine of the candidates' unit vectors (`vector(label)`); a candidate without a vector only
    /// competes on relevance.
    package static func select(_ candidates: [FusedHit], k: Int, lambda: Float = defaultLambda,
                               vector: (UInt64) -> [Float]?) -> [FusedHit] {
        guard k > 0, candidates.count > 1 else { return Array(candidates.prefix(max(k, 0))) }
        let scores = candidates.map(\.score)
        let low = scores.min()!, high = scores.max()!
        // Scaled by the best score rather than min–max, so the weakest candidate keeps the relevance it has instead
        // of dropping to 0 (which would make diversity unable to ever pick it); negative cosines fall back to min–max.
        let relevance = scores.map { score -> Float in
            if low >= 0 { return high > 0 ? score / high : 1 }
            return high > low ? (score - low) / (high - low) : 1
        }
        let vectors = candidates.map { vector($0.label) }
        // The highest similarity of each remaining candidate to anything picked so far, updated as picks are made.
        var redundancy = [Float](repeating: 0, count: candidates.count)
        var remaining = Array(candidates.indices)
        var picked: [FusedHit] = []
        while picked.count < k, !remaining.isEmpty {
            var bestPosition = 0
            var bestValue = -Float.infinity
            for (position, index) in remaining.enumerated() {
                let value = lambda * relevance[index] - (1 - lambda) * redundancy[index]
                if value > bestValue { bestValue = value; bestPosition = position }
            }
            let chosen = remaining.remove(at: bestPosition)
            picked.append(candidates[chosen])
            guard let chosenVector = vectors[chosen] else { continue }
            for index in remaining {
                guard let other = vectors[index], other.count == chosenVector.count else { continue }
                redundancy[index] = max(redundancy[index], dot(chosenVector, other))
            }
        }
        return picked
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for index in a.indices { sum += a[index] * b[index] }
        return sum
    }
}
