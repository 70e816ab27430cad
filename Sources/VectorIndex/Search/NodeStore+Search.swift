/// The two searches of the HNSW paper: a greedy descent through the upper levels and a beam search on one level.
extension NodeStore {
    /// Follows links on `level` to ever closer nodes until none is closer (the paper's search with ef = 1).
    /// Tombstones are walked through like any node.
    func greedyClosest(to query: UnsafePointer<Float>, from start: Neighbour, level: Int) -> Neighbour {
        var best = start
        var improved = true
        while improved {
            improved = false
            let record = links(best.id, level: level)
            let linkCount = Int(record[0])
            var index = 1
            while index <= linkCount {
                let candidate = record[index]
                let distance = distance(query, candidate)
                if distance < best.distance {
                    best = Neighbour(distance: distance, id: candidate)
                    improved = true
                }
                index += 1
            }
        }
        return best
    }

    /// Beam search on `level` from `entry` (paper Algorithm 2): expands the closest unexpanded candidate until the
    /// closest one left is farther than the worst of `ef` results. Leaves up to `ef` accepted nodes in
    /// `scratch.results` (farthest on top).
    ///
    /// Rejected nodes are expanded but not counted, so the bound only tightens once `ef` accepted nodes are found:
    /// with a filter or tombstones the walk goes on until it has `ef` matches or has run out of candidates.
    func searchLayer<Acceptance: NodeAcceptance>(query: UnsafePointer<Float>, entry: UInt32, ef: Int, level: Int,
                                                  accept: Acceptance, scratch: SearchScratch) {
        var visited = scratch.visited
        var candidates = scratch.candidates
        var results = scratch.results
        let pending = scratch.pending
        defer {
            scratch.visited = visited
            scratch.candidates = candidates
            scratch.results = results
        }
        visited.reset(nodeCapacity: capacity)
        candidates.removeAll()
        results.removeAll()

        _ = visited.testAndSet(entry)
        let start = Neighbour(distance: distance(query, entry), id: entry)
        candidates.push(start)
        if accept.accepts(entry) { results.push(start) }
        var bound = results.isEmpty ? Float.infinity : results.top.distance

        while let current = candidates.pop() {
            if current.distance > bound && results.count >= ef { break }
            let record = links(current.id, level: level)
            let linkCount = Int(record[0])
            // Pass 1: keep the unvisited links and ask the cache for their vectors, so the loads overlap.
            var pendingCount = 0
            var index = 1
            while index <= linkCount {
                let neighbour = record[index]
                if !visited.testAndSet(neighbour) {
                    pending[pendingCount] = neighbour
                    pendingCount &+= 1
                    prefetch(UnsafeRawPointer(vector(neighbour)))  // first line; the hardware streams the rest
                }
                index &+= 1
            }
            // Pass 2: distances, and the candidate and result updates.
            index = 0
            while index < pendingCount {
                let neighbour = pending[index]
                index &+= 1
                let distance = distance(query, neighbour)
                guard results.count < ef || distance < bound else { continue }
                candidates.push(Neighbour(distance: distance, id: neighbour))
                guard accept.accepts(neighbour) else { continue }
                if results.count < ef {
                    results.push(Neighbour(distance: distance, id: neighbour))
                } else {
                    results.replaceTop(with: Neighbour(distance: distance, id: neighbour))
                }
                bound = results.top.distance
            }
        }
    }
}
