/// k-nearest-neighbour queries: the graph walk, and the exact scan that very selective filters take instead.
extension HNSWGraph {
    /// The `k` nearest live nodes to `scratch.query` that `filter` allows, nearest first.
    func nearest(k: Int, ef: Int, filter: VectorFilter?, scratch: SearchScratch) -> [Neighbour] {
        let k = min(k, liveCount)  // a huge k must not size buffers
        guard k > 0 else { return [] }
        let ef = max(ef, k)
        guard let filter else {
            if tombstoneCount == 0 { return walk(k: k, ef: ef, accept: AcceptAll(), scratch: scratch) }
            return walk(k: k, ef: ef, accept: AcceptLive(deleted: store.deleted), scratch: scratch)
        }
        let matches = estimatedMatches(of: filter)
        if parameters.filteredSearch.prefersExactScan(matches: matches, live: liveCount, ef: ef,
                                                      labelled: filter.labels != nil) {
            return scan(k: k, filter: filter, query: scratch.query)
        }
        let accept = AcceptFiltered(deleted: store.deleted, labels: store.labels, allows: filter.allows)
        return walk(k: k, ef: ef, accept: accept, scratch: scratch)
    }

    /// Greedy descent to level 1's closest node, then a beam search of width `ef` on level 0 — both over the
    /// byte copies of the vectors — and the `ef` candidates found ranked again at full precision, so the scores and the
    /// order returned are exact.
    func walk<Acceptance: NodeAcceptance>(k: Int, ef: Int, accept: Acceptance,
                                          scratch: SearchScratch) -> [Neighbour] {
        guard let entryPoint else { return [] }
        let store = self.store
        let query = UnsafePointer(scratch.query)
        let quantized = QuantizedDistance(store: store)
        var current = Neighbour(distance: quantized(query, entryPoint), id: entryPoint)
        var level = maxLevel
        while level > 0 {
            current = store.greedyClosest(to: query, from: current, level: level, distance: quantized)
            level -= 1
        }
        store.searchLayer(query: query, entry: current.id, ef: ef, level: 0, accept: accept, scratch: scratch,
                          distance: quantized)
        var candidates = scratch.drainResultsNearestFirst()
        // The full-precision rows are cold (the walk read the byte copies) and scattered: each is asked for a few
        // candidates ahead of its measurement, so their loads overlap instead of stalling one after another.
        let ahead = 4
        let rowBytes = store.paddedDimension * MemoryLayout<Float>.stride
        for index in 0..<min(ahead, candidates.count) {
            prefetch(UnsafeRawPointer(store.vector(candidates[index].id)), bytes: rowBytes)
        }
        for index in candidates.indices {
            if index + ahead < candidates.count {
                prefetch(UnsafeRawPointer(store.vector(candidates[index + ahead].id)), bytes: rowBytes)
            }
            candidates[index].distance = store.distance(query, candidates[index].id)
        }
        candidates.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
        return Array(candidates.prefix(k))
    }

    /// The exact `k` nearest among the live nodes `filter` allows: over its label list when it has one, otherwise
    /// over every node.
    func scan(k: Int, filter: VectorFilter, query: UnsafePointer<Float>) -> [Neighbour] {
        let store = self.store
        var scan = ExactScan(k: k)
        if let labels = filter.labels {
            for label in labels {
                guard let id = labelToID[label] else { continue }  // labelToID holds live nodes only
                scan.offer(store.distance(query, id), id)
            }
        } else {
            for index in 0..<store.count where store.deleted[index] == 0 && filter.allows(store.labels[index]) {
                scan.offer(store.distance(query, UInt32(index)), UInt32(index))
            }
        }
        return scan.nearestFirst()
    }

    /// How many live nodes `filter` allows: its own count when it gives one, otherwise the allowed fraction of a
    /// seeded random sample of live nodes times the live count (the same filter always gets the same plan).
    func estimatedMatches(of filter: VectorFilter) -> Double {
        if let expected = filter.expectedMatches { return Double(expected) }
        let sampleSize = parameters.filteredSearch.sampleSize
        var random = SplitMix64(seed: 0xF117E5)
        var sampled = 0
        var allowed = 0
        var attempts = 0
        while sampled < sampleSize && attempts < 4 * sampleSize {  // bounded: tombstones are skipped
            attempts += 1
            let index = Int(random.next() % UInt64(store.count))
            guard store.deleted[index] == 0 else { continue }
            sampled += 1
            if filter.allows(store.labels[index]) { allowed += 1 }
        }
        guard sampled > 0 else { return 0 }
        return Double(allowed) / Double(sampled) * Double(liveCount)
    }
}
