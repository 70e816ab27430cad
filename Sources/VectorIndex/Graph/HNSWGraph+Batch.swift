/// Bulk insertion: the neighbour searches of a batch run in parallel, the commits one after another.
///
/// Searching is ~96% of an insert (measured: beam search 89%, heuristic 4%, greedy descent 2%; linking 3%), and it
/// only reads the graph, so `crew.size` threads plan a batch of nodes against the graph as it was before the batch,
/// then the batch is committed in order under the write lock. A node cannot find its batchmates while planning, so
/// each commit adds the batchmates committed before it to its candidates (`commit(_:vector:batchmates:)`): nodes
/// inserted together (consecutive chunks of one document, often each other's nearest) still link to each other.
extension HNSWGraph {
    /// Nodes per crew member per batch: large enough that the two synchronizations per batch are negligible
    /// (~16 ms of planning each), small enough that batchmates stay a small part of each node's candidates.
    static let batchPerMember = 16
    /// Nodes inserted one by one before batching starts: in a small graph every node is near every other, and a
    /// batch planned without its batchmates would see only a few nodes.
    static let serialPrefix = 1_000

    /// Inserts `vectors[i]` (validated by the caller) under `labels[i]`; `exclusive` runs its body under the
    /// index's write lock. Levels are drawn in order, as one-by-one inserts would draw them.
    func insert(_ vectors: [[Float]], labels: [UInt64], crew: PlanningCrew, scratches: [SearchScratch],
                exclusive: (() -> Void) -> Void) throws(VectorIndexError) {
        let padded = store.paddedDimension
        var next = 0
        while next < vectors.count && (nodeCount < Self.serialPrefix || crew.size == 1) {
            try VectorMath.normalize(vectors[next], dimension: dimension, into: scratches[0].query,
                                     paddedCount: padded)
            let plan = planInsertion(label: labels[next], scratch: scratches[0])
            exclusive { _ = commit(plan, vector: scratches[0].query) }
            next += 1
        }
        let capacity = crew.size * Self.batchPerMember
        let rows = UnsafeMutableRawPointer.allocate(byteCount: capacity * padded * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: capacity * padded)
        let plans = UnsafeMutablePointer<InsertionPlan>.allocate(capacity: capacity)
        defer {
            rows.deallocate()
            plans.deallocate()
        }
        while next < vectors.count {
            let size = min(capacity, vectors.count - next)
            for index in 0..<size {
                try VectorMath.normalize(vectors[next + index], dimension: dimension, into: rows + index * padded,
                                         paddedCount: padded)
            }
            let levels = (0..<size).map { _ in drawLevel() }
            let batchLabels = Array(labels[next..<next + size])
            let shared = UncheckedSendable(value: (graph: self, rows: rows, plans: plans, scratches: scratches))
            let members = crew.size
            crew.run { member in
                let (graph, rows, plans, scratches) = shared.value
                let scratch = scratches[member]
                for index in stride(from: member, to: size, by: members) {
                    scratch.query.update(from: rows + index * padded, count: padded)
                    (plans + index).initialize(to: graph.planInsertion(label: batchLabels[index],
                                                                       level: levels[index], scratch: scratch))
                }
            }
            exclusive {
                var committed: [UInt32] = []
                for index in 0..<size {
                    committed.append(commit(plans[index], vector: rows + index * padded, batchmates: committed[...]))
                }
            }
            plans.deinitialize(count: size)
            next += size
        }
    }
}
