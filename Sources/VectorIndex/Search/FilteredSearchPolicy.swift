/// Chooses between walking the graph with a filter and scanning the filter's matches exactly.
///
/// Costs are counted in node visits of a graph walk (a random-access distance plus heap work, ~0.4 µs on 384-d
/// vectors). A filtered walk must collect ef matches; matches are spread over the graph independently of the
/// query, so it visits about `walkVisitsPerEf · ef / s` nodes when a fraction s of the n nodes match (never more than
/// all of them). An exact scan calls the predicate on every node and computes one distance per match; its distances
/// stream through memory, so each costs `scanDistanceCost` visits. A filter that lists its labels
/// (`VectorFilter(labels:)`) skips the predicate and looks each label up instead:
///
///     walk = min(n, walkVisitsPerEf · ef / s)
///     scan = predicateCost · n + scanDistanceCost · s · n        (predicate)
///     scan = (predicateCost + scanDistanceCost) · s · n          (label list)
///     exact scan ⇔ scan ≤ walk
///
/// Measured by `ragd-bench hnsw run --filtered` on 200,000 384-d vectors at ef 64 (single thread): the walk runs at
/// 1,500 / 770 / 410 / 245 / 128 / 75 / 15 queries per second for s = 50 / 20 / 10 / 5 / 2 / 1 / 0.1%, the predicate
/// scan at 49 / 108 / 164 / 337 / 855 / 1,285 / 1,850; they cross near s = 7%. The model picks the scan below
/// s ≈ 5% (predicate) or 8% (label list) there, and always for a few thousand nodes. The scan is exact, so very
/// selective filters also get the true top k.
package struct FilteredSearchPolicy: Sendable, Equatable {
    /// Nodes an unfiltered level-0 walk visits per unit of ef (~12 on 384-d vectors with M = 16).
    package var walkVisitsPerEf: Double
    /// One streaming distance of a scan, in walk visits (measured ≈ 0.5).
    package var scanDistanceCost: Double
    /// One predicate call or label lookup, in walk visits (a `Set<UInt64>` lookup ≈ 20 ns ≈ 0.05).
    package var predicateCost: Double
    /// Live nodes sampled to estimate the match fraction of a filter that gives no count.
    package var sampleSize: Int

    /// The measured defaults.
    package init(walkVisitsPerEf: Double = 12, scanDistanceCost: Double = 0.5, predicateCost: Double = 0.05,
                 sampleSize: Int = 512) {
        self.walkVisitsPerEf = walkVisitsPerEf
        self.scanDistanceCost = scanDistanceCost
        self.predicateCost = predicateCost
        self.sampleSize = sampleSize
    }

    /// Whether to scan `matches` (estimated) of `live` nodes exactly rather than walk with candidate list `ef`.
    package func prefersExactScan(matches: Double, live: Int, ef: Int, labelled: Bool) -> Bool {
        guard live > 0 else { return true }
        let nodes = Double(live)
        let fraction = min(1, max(matches, 1) / nodes)  // at least one match: a zero estimate is sampling noise
        let walk = min(nodes, walkVisitsPerEf * Double(ef) / fraction)
        let scan = labelled ? (predicateCost + scanDistanceCost) * fraction * nodes
            : predicateCost * nodes + scanDistanceCost * fraction * nodes
        return scan <= walk
    }
}
