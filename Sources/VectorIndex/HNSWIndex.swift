import Threading

/// An approximate nearest-neighbour index by cosine similarity: a Hierarchical Navigable Small World graph
/// (Malkov & Yashunin) over caller-labelled vectors, normalized on the way in.
///
/// Thread safety — many concurrent searches, one writer at a time:
/// - `writers` (a mutex) serializes every mutation (insert, remove, compact) and `save`, which needs a graph no
///   writer changes while it is written;
/// - `graphLock` (readers-writer, writer-preferring) keeps searches out only while a writer changes memory they
///   read. An insert finds its neighbours holding `writers` alone — searches go on, and since no other writer runs,
///   the graph it reads is stable — and takes the write lock only to append the node and link it. `compact()`
///   builds the new graph holding `writers` alone and swaps it in under the write lock.
/// `graph` is replaced only under both locks, so holding either one makes reading it safe.
package final class HNSWIndex: VectorSearching, @unchecked Sendable {
    private let writers = ConditionLock()
    private let graphLock = ReadWriteLock()
    private var graph: HNSWGraph
    private let scratches: ScratchPool

    /// The number of components of every vector and query.
    package let dimension: Int
    /// The parameters the graph was built with.
    package let parameters: HNSWParameters

    /// An empty index of `dimension`-component vectors with room for `capacity` nodes before it grows.
    package convenience init(dimension: Int, parameters: HNSWParameters = HNSWParameters(), capacity: Int = 1024) {
        self.init(graph: HNSWGraph(dimension: dimension, parameters: parameters, capacity: capacity))
    }

    init(graph: HNSWGraph) {
        self.graph = graph
        dimension = graph.dimension
        parameters = graph.parameters
        scratches = ScratchPool(paddedDimension: graph.store.paddedDimension, maxLinks: graph.store.maxLinks0)
    }

    /// Searchable labels: inserted and not removed.
    package var count: Int { graphLock.reading { graph.liveCount } }

    /// Removed or replaced nodes still in the graph (walked through, never returned) until `compact()`.
    package var tombstoneCount: Int { graphLock.reading { graph.tombstoneCount } }

    /// Bytes the graph holds: vectors, links, labels, levels, flags and the label map (allocated capacity).
    package var memoryBytes: Int { graphLock.reading { graph.memoryBytes } }

    /// Whether `label` is stored (and not removed).
    package func contains(label: UInt64) -> Bool { graphLock.reading { graph.labelToID[label] != nil } }

    /// The vector stored under `label` as the index holds it (normalized to unit length), or nil when the label is
    /// not stored: for re-ranking that compares results with each other (MMR).
    package func vector(label: UInt64) -> [Float]? {
        graphLock.reading {
            guard let id = graph.labelToID[label] else { return nil }
            return Array(UnsafeBufferPointer(start: graph.store.vector(id), count: dimension))
        }
    }

    /// Stores `vector` under `label`; a label already stored is replaced (its old node becomes a tombstone).
    /// Throws for a wrong dimension, a NaN or infinite component, a zero vector, or when node ids run out.
    package func insert(_ vector: [Float], label: UInt64) throws(VectorIndexError) {
        writers.lock()
        defer { writers.unlock() }
        guard graph.nodeCount < HNSWGraph.maxNodeCount else {
            throw .capacityExceeded(limit: HNSWGraph.maxNodeCount)
        }
        try scratches.withScratch(nodeCapacity: graph.store.capacity) { scratch throws(VectorIndexError) in
            try VectorMath.normalize(vector, dimension: dimension, into: scratch.query,
                                     paddedCount: scratch.paddedDimension)
            let plan = graph.planInsertion(label: label, scratch: scratch)
            _ = graphLock.writing { graph.commit(plan, vector: scratch.query) }
        }
    }

    /// Inserts `vectors[i]` under `labels[i]`, like `insert(_:label:)` for each in order, with the neighbour
    /// searches of `threads` nodes at a time running in parallel (see `HNSWGraph+Batch`). Every vector is checked
    /// first, so a bad one throws before anything is inserted. Searches go on meanwhile; other writers wait.
    package func insert(contentsOf vectors: [[Float]], labels: [UInt64], threads: Int = 1) throws(VectorIndexError) {
        precondition(vectors.count == labels.count, "one label per vector")
        for vector in vectors { _ = try VectorMath.squaredNorm(vector, dimension: dimension) }
        writers.lock()
        defer { writers.unlock() }
        guard graph.nodeCount + vectors.count <= HNSWGraph.maxNodeCount else {
            throw .capacityExceeded(limit: HNSWGraph.maxNodeCount)
        }
        graphLock.writing { graph.store.reserve(graph.nodeCount + vectors.count) }
        let crew = PlanningCrew(size: threads)
        defer { crew.close() }
        let scratches = (0..<crew.size).map { _ in
            SearchScratch(paddedDimension: graph.store.paddedDimension, maxLinks: graph.store.maxLinks0,
                          nodeCapacity: graph.store.capacity)
        }
        try graph.insert(vectors, labels: labels, crew: crew, scratches: scratches) { body in
            graphLock.writing(body)
        }
    }

    /// Makes room for `nodes` nodes in total, so a bulk load does not reallocate as it grows.
    package func reserve(_ nodes: Int) {
        writers.lock()
        defer { writers.unlock() }
        graphLock.writing { graph.store.reserve(nodes) }
    }

    /// Tombstones `label`'s node; false when the label is not stored.
    @discardableResult
    package func remove(label: UInt64) -> Bool {
        writers.lock()
        defer { writers.unlock() }
        return graphLock.writing {
            guard let id = graph.labelToID.removeValue(forKey: label) else { return false }
            graph.markDeleted(id)
            return true
        }
    }

    /// The `k` stored labels most similar to `query`, best first; fewer when fewer are stored or allowed.
    /// `ef` (default `parameters.efSearch`, raised to k) trades speed for recall. With a `filter`, only allowed
    /// labels are returned, by a filtered walk or an exact scan of the matches (see `FilteredSearchPolicy`).
    package func search(_ query: [Float], k: Int, ef: Int? = nil,
                        filter: VectorFilter? = nil) throws(VectorIndexError) -> [VectorHit] {
        guard k > 0 else {
            guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, actual: query.count) }
            return []
        }
        return try graphLock.reading { () throws(VectorIndexError) -> [VectorHit] in
            try scratches.withScratch(nodeCapacity: graph.store.capacity) { scratch throws(VectorIndexError) in
                try VectorMath.normalize(query, dimension: dimension, into: scratch.query,
                                         paddedCount: scratch.paddedDimension)
                let labels = graph.store.labels
                return graph.nearest(k: k, ef: ef ?? parameters.efSearch, filter: filter, scratch: scratch)
                    .map { VectorHit(label: labels[Int($0.id)], score: -$0.distance) }
            }
        }
    }

    /// Drops the tombstones: rebuilds the graph from the live vectors when tombstones are at least
    /// `parameters.compaction.rebuildFraction` of the nodes (or `strategy` says so), otherwise repairs the links
    /// that pointed at them. Searches go on meanwhile and writers wait; call it from a background thread.
    @discardableResult
    package func compact(strategy: CompactionStrategy = .automatic) -> CompactionReport {
        writers.lock()
        defer { writers.unlock() }
        let old = graph
        guard old.tombstoneCount > 0 else { return CompactionReport(removed: 0, rebuilt: false) }
        let fraction = Double(old.tombstoneCount) / Double(old.nodeCount)
        let rebuild = switch strategy {
        case .automatic: fraction >= parameters.compaction.rebuildFraction
        case .repair: false
        case .rebuild: true
        }
        let fresh = scratches.withScratch(nodeCapacity: old.store.capacity) { scratch in
            rebuild ? old.rebuilt(scratch: scratch) : old.repaired(scratch: scratch)
        }
        graphLock.writing { graph = fresh }
        return CompactionReport(removed: old.tombstoneCount, rebuilt: rebuild)
    }

    /// Runs `body` with the graph while no writer can change it (searches go on): for snapshots.
    func withStableGraph<T, E: Error>(_ body: (HNSWGraph) throws(E) -> T) throws(E) -> T {
        writers.lock()
        defer { writers.unlock() }
        return try body(graph)
    }
}

/// How `HNSWIndex.compact(strategy:)` drops tombstones.
package enum CompactionStrategy: Sendable {
    /// Rebuild at `CompactionPolicy.rebuildFraction` tombstones, repair below.
    case automatic
    /// Keep live links, re-select those that pointed at tombstones.
    case repair
    /// Insert every live vector into a new graph.
    case rebuild
}

/// What `compact()` did.
package struct CompactionReport: Sendable, Equatable {
    /// Tombstones dropped.
    package let removed: Int
    /// Whether the graph was rebuilt rather than repaired.
    package let rebuilt: Bool
}
