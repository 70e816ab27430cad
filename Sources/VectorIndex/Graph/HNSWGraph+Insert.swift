/// What an insert will link to: found by a read-only search (readers keep searching meanwhile, and batch inserts
/// plan on several threads), then applied by `commit(_:vector:batchmates:)` under the write lock.
struct InsertionPlan {
    let label: UInt64
    let level: Int
    /// On levels 0…min(level, maxLevel): the `efConstruction` nearest live nodes, nearest first. Empty for the
    /// first node.
    var candidates: [[Neighbour]] = []
}

extension HNSWGraph {
    /// Plans inserting the normalized vector in `scratch.query` under `label` (paper Algorithm 1): descend greedily
    /// to the new node's level, then on each level below beam-search `efConstruction` live candidates. Reads the
    /// graph only.
    func planInsertion(label: UInt64, level: Int? = nil, scratch: SearchScratch) -> InsertionPlan {
        let level = level ?? drawLevel()
        let replacing = labelToID[label]
        var plan = InsertionPlan(label: label, level: level)
        guard let entryPoint else { return plan }
        let store = self.store
        let query = UnsafePointer(scratch.query)
        var current = Neighbour(distance: store.distance(query, entryPoint), id: entryPoint)
        var descent = maxLevel
        while descent > level {
            current = store.greedyClosest(to: query, from: current, level: descent)
            descent -= 1
        }
        let top = min(level, maxLevel)
        if tombstoneCount == 0 && replacing == nil {
            plan.candidates = nearestCandidates(levels: top, from: current, accept: AcceptAll(), scratch: scratch)
        } else {
            let accept = AcceptLive(deleted: store.deleted, excluded: replacing ?? .max)
            plan.candidates = nearestCandidates(levels: top, from: current, accept: accept, scratch: scratch)
        }
        return plan
    }

    /// Levels `top`…0 of `planInsertion`: on each, a beam search of `efConstruction` accepted nodes from the
    /// nearest node of the level above.
    private func nearestCandidates<Acceptance: NodeAcceptance>(levels top: Int, from entry: Neighbour,
                                                               accept: Acceptance,
                                                               scratch: SearchScratch) -> [[Neighbour]] {
        let store = self.store
        var found = [[Neighbour]](repeating: [], count: top + 1)
        var current = entry
        for layer in stride(from: top, through: 0, by: -1) {
            store.searchLayer(query: scratch.query, entry: current.id, ef: parameters.efConstruction, level: layer,
                              accept: accept, scratch: scratch)
            var sorted = scratch.drainResultsNearestFirst()
            if sorted.isEmpty {
                // Only tombstones are reachable here: link to them, as they are still walked through, rather than
                // leave the new node unreachable.
                store.searchLayer(query: scratch.query, entry: current.id, ef: parameters.efConstruction,
                                  level: layer, accept: AcceptAll(), scratch: scratch)
                sorted = scratch.drainResultsNearestFirst()
            }
            current = sorted[0]
            found[layer] = sorted
        }
        return found
    }

    /// Applies `plan`: appends the node with `vector` (normalized, padded), keeps M of its candidates by the
    /// heuristic, links it to them and them back to it, tombstones the label's previous node and moves the entry
    /// point if the new node is higher. `batchmates` are nodes committed since the plan was made (a batch planned
    /// in parallel): they join the candidates, so nodes of one batch still link to each other.
    /// The node count must be below `maxNodeCount` (checked by the caller before planning).
    func commit(_ plan: InsertionPlan, vector: UnsafePointer<Float>, batchmates: ArraySlice<UInt32> = []) -> UInt32 {
        precondition(store.count < Self.maxNodeCount, "node ids exhausted")
        if let replaced = labelToID[plan.label] { markDeleted(replaced) }
        store.reserve(store.count + 1)
        let id = store.append(vector: vector, label: plan.label, level: plan.level)
        let linkedLevels = entryPoint == nil ? -1 : min(plan.level, maxLevel)
        if linkedLevels >= 0 {
            for level in 0...linkedLevels {
                var pool = level < plan.candidates.count ? plan.candidates[level] : []
                let mates = batchmates.filter { Int(store.levels[Int($0)]) >= level && store.deleted[Int($0)] == 0 }
                if !mates.isEmpty {
                    for mate in mates { pool.append(Neighbour(distance: store.distance(between: id, mate), id: mate)) }
                    sortNearestFirst(&pool, from: id)
                }
                let neighbours = store.selectDiverse(pool, limit: parameters.m)
                let record = store.links(id, level: level)
                record[0] = UInt32(neighbours.count)
                for (index, neighbour) in neighbours.enumerated() { record[1 + index] = neighbour }
                for neighbour in neighbours { addLink(from: neighbour, to: id, level: level) }
            }
        }
        labelToID[plan.label] = id
        if entryPoint == nil || plan.level > maxLevel {
            entryPoint = id
            maxLevel = plan.level
        }
        return id
    }

    /// Sorts neighbours of `base` nearest first. Ties (copies of one vector) are ordered by a hash of the pair, not
    /// by id or arrival, so the copies a full list drops vary from list to list and every copy keeps some
    /// incoming link.
    func sortNearestFirst(_ pool: inout [Neighbour], from base: UInt32) {
        pool.sort { ($0.distance, Self.tieBreak($0.id, base)) < ($1.distance, Self.tieBreak($1.id, base)) }
    }

    /// Adds the link `id → target` on `level`; a full list is re-selected by the heuristic among its links and
    /// `target`, so a node keeps diverse links however many later nodes chose it.
    func addLink(from id: UInt32, to target: UInt32, level: Int) {
        let record = store.links(id, level: level)
        let linkCount = Int(record[0])
        let limit = store.maxLinks(level: level)
        if linkCount < limit {
            record[1 + linkCount] = target
            record[0] = UInt32(linkCount + 1)
            return
        }
        var pool = [Neighbour](unsafeUninitializedCapacity: linkCount + 1) { buffer, initialized in
            for index in 0..<linkCount {
                let linked = record[1 + index]
                buffer[index] = Neighbour(distance: store.distance(between: id, linked), id: linked)
            }
            buffer[linkCount] = Neighbour(distance: store.distance(between: id, target), id: target)
            initialized = linkCount + 1
        }
        sortNearestFirst(&pool, from: id)
        let kept = pool.withUnsafeBufferPointer { store.selectDiverse($0, limit: limit, into: record + 1) }
        record[0] = UInt32(kept)
        (record + 1 + kept).update(repeating: 0, count: limit - kept)  // no stale links in snapshots
    }

    /// A deterministic pseudo-random order of `id` as seen from `base` (the SplitMix64 finalizer of the pair).
    static func tieBreak(_ id: UInt32, _ base: UInt32) -> UInt64 {
        var z = UInt64(id) << 32 | UInt64(base)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
