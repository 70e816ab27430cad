import Glibc

/// An HNSW graph: the node arrays, the label → node map, the entry point and the level generator.
///
/// Not thread-safe by itself: `HNSWIndex` serializes writers and keeps readers out while a writer mutates.
/// Node ids are dense and never reused; a removed label leaves a tombstone (`store.deleted`), still linked and
/// walked through but never returned, until `compact()` builds a graph without it.
final class HNSWGraph {
    let parameters: HNSWParameters
    var store: NodeStore
    /// Live labels only: a tombstone's label is no longer here (it may name a newer node).
    var labelToID: [UInt64: UInt32] = [:]
    /// The node every search starts from: one on the top level. Nil while the graph has no node.
    var entryPoint: UInt32?
    var maxLevel = 0
    var tombstoneCount = 0
    var rng: SplitMix64

    /// The highest level drawn: P(level ≥ 32) = M^−32, never in practice; the cap keeps `levels` in a UInt8.
    static let levelCap = 31
    /// Node ids are UInt32 and UInt32.max means "no node".
    static let maxNodeCount = Int(UInt32.max)

    init(dimension: Int, parameters: HNSWParameters, capacity: Int = 1024) {
        parameters.validate()
        precondition(dimension >= 1, "dimension must be positive")
        self.parameters = parameters
        store = NodeStore(dimension: dimension, m: parameters.m, capacity: capacity)
        rng = SplitMix64(seed: parameters.seed)
    }

    deinit {
        store.deallocate()
    }

    var dimension: Int { store.dimension }
    var nodeCount: Int { store.count }
    var liveCount: Int { store.count - tombstoneCount }

    /// A level drawn as ⌊−ln(U)·mL⌋, U uniform in (0, 1], mL = 1/ln(M).
    func drawLevel() -> Int {
        let level = Int(-log(rng.nextUnitInterval()) * parameters.levelMultiplier)
        return min(level, Self.levelCap)
    }

    /// Turns node `id` into a tombstone.
    func markDeleted(_ id: UInt32) {
        guard store.deleted[Int(id)] == 0 else { return }
        store.deleted[Int(id)] = 1
        tombstoneCount += 1
    }

    /// Bytes held by the graph: node arrays, links and the label map (estimated from its bucket count: Swift's
    /// dictionary keeps ≤ 3/4 of its power-of-two buckets full, each bucket a key, a value and an occupancy bit).
    var memoryBytes: Int {
        let minimumBuckets = labelToID.capacity * 4 / 3
        let buckets = minimumBuckets == 0 ? 0 : 1 << (Int.bitWidth - minimumBuckets.leadingZeroBitCount)
        return store.allocatedBytes + buckets * (8 + 4) + buckets / 8
    }
}
