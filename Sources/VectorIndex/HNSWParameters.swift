import Glibc

/// The construction and search parameters of an `HNSWIndex` (Malkov & Yashunin, "Efficient and robust approximate
/// nearest neighbor search using Hierarchical Navigable Small World graphs", 2016/2018).
package struct HNSWParameters: Sendable, Equatable {
    /// Links per node on levels above 0 (M); level 0 keeps 2·M, as the paper recommends and hnswlib does.
    package var m: Int
    /// The candidate list size while inserting: larger builds slower and finds better neighbours.
    package var efConstruction: Int
    /// The default candidate list size while searching (raised to k when smaller).
    package var efSearch: Int
    /// Seeds the level draws, so the same inserts build the same graph.
    package var seed: UInt64
    /// When to scan the matches of a filter instead of walking the graph.
    package var filteredSearch: FilteredSearchPolicy
    /// When `compact()` rebuilds instead of repairing.
    package var compaction: CompactionPolicy

    /// Parameters with hnswlib's defaults for M and efConstruction (16, 200) and efSearch 64.
    package init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 64, seed: UInt64 = 0x5EED_1DE5,
                 filteredSearch: FilteredSearchPolicy = FilteredSearchPolicy(),
                 compaction: CompactionPolicy = CompactionPolicy()) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
        self.filteredSearch = filteredSearch
        self.compaction = compaction
    }

    /// The level multiplier mL = 1/ln(M): a node reaches level ≥ l with probability M^−l, so each level holds
    /// ~1/M of the one below and the expected number of levels is log_M(n).
    package var levelMultiplier: Double { 1 / log(Double(m)) }

    /// Checks the ranges the graph code relies on.
    func validate() {
        precondition((2...255).contains(m), "M must be in 2...255")
        precondition(efConstruction >= 1 && efSearch >= 1, "ef must be positive")
    }
}

/// When `compact()` rebuilds the graph from the live vectors rather than repairing links around tombstones.
package struct CompactionPolicy: Sendable, Equatable {
    /// Rebuild when tombstones are at least this fraction of all nodes. Repair re-selects the links of every node
    /// that pointed at a tombstone from its 2-hop neighbourhood; once a large share of the graph is dead, whole
    /// regions lose their good neighbours and a rebuild (cost ~ one insert per live node) gives a better graph.
    package var rebuildFraction: Double

    /// Rebuild at `rebuildFraction` (default 0.3) tombstones.
    package init(rebuildFraction: Double = 0.3) {
        self.rebuildFraction = rebuildFraction
    }
}
