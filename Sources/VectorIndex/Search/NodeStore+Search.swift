/// How a search measures the distance from its query to stored nodes.
protocol NodeDistance {
    func callAsFunction(_ query: UnsafePointer<Float>, _ id: UInt32) -> Float
    /// Where the bytes it reads for `id` start, to prefetch them.
    func address(of id: UInt32) -> UnsafeRawPointer
    /// How many bytes of a node to prefetch before measuring it.
    var prefetchBytes: Int { get }
}

/// Distances from the full-precision vectors: building the graph, and the final ranking of a query's results.
struct FullPrecision: NodeDistance {
    let store: NodeStore

    @inline(__always)
    func callAsFunction(_ query: UnsafePointer<Float>, _ id: UInt32) -> Float { store.distance(query, id) }

    @inline(__always)
    func address(of id: UInt32) -> UnsafeRawPointer { UnsafeRawPointer(store.vector(id)) }

    /// The first line: prefetching the whole of these larger vectors made no build faster (the
    /// 200,000-vector build took 245 s with it, 215 s without).
    var prefetchBytes: Int { 64 }
}

/// Distances from the byte copies: a query's walk. It only has to find the right neighbourhood — the candidates it
/// ends with are ranked again at full precision — and reads a quarter of the memory per node.
struct QuantizedDistance: NodeDistance {
    let store: NodeStore

    @inline(__always)
    func callAsFunction(_ query: UnsafePointer<Float>, _ id: UInt32) -> Float { store.quantizedDistance(query, id) }

    @inline(__always)
    func address(of id: UInt32) -> UnsafeRawPointer { UnsafeRawPointer(store.code(id)) }

    /// The whole vector: on a query's scattered reads the hardware does not stream ahead by itself (the first line
    /// alone ran 20–25% fewer queries per second at ef 32–64 on the SciFact vectors, measured with half precision).
    var prefetchBytes: Int { store.paddedDimension }
}

/// The two searches of the HNSW paper: a greedy descent through the upper levels and a beam search on one level.
extension NodeStore {
    /// Follows links on `level` to ever closer nodes until none is closer (the paper's search with ef = 1).
    /// Tombstones are walked through like any node.
    func greedyClosest(to query: UnsafePointer<Float>, from start: Neighbour, level: Int) -> Neighbour {
        greedyClosest(to: query, from: start, level: level, distance: FullPrecision(store: self))
    }

    /// `greedyClosest(to:from:level:)` measuring with `distance`.
    func greedyClosest<Distance: NodeDistance>(to query: UnsafePointer<Float>, from start: Neighbour, level: Int,
                                               distance: Distance) -> Neighbour {
        var best = start
        var improved = true
        while improved {
            improved = false
            let record = links(best.id, level: level)
            let linkCount = Int(record[0])
            var index = 1
            while index <= linkCount {
                let candidate = record[index]
                let measured = distance(query, candidate)
                if measured < best.distance {
                    best = Neighbour(distance: measured, id: candidate)
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
        searchLayer(query: query, entry: entry, ef: ef, level: level, accept: accept, scratch: scratch,
                    distance: FullPrecision(store: self))
    }

    /// `searchLayer(query:entry:ef:level:accept:scratch:)` measuring with `distance`.
    func searchLayer<Acceptance: NodeAcceptance, Distance: NodeDistance>(
        query: UnsafePointer<Float>, entry: UInt32, ef: Int, level: Int, accept: Acceptance, scratch: SearchScratch,
        distance: Distance
    ) {
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
        let prefetchBytes = distance.prefetchBytes

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
                    prefetch(distance.address(of: neighbour), bytes: prefetchBytes)
                }
                index &+= 1
            }
            // Pass 2: distances, and the candidate and result updates.
            index = 0
            while index < pendingCount {
                let neighbour = pending[index]
                index &+= 1
                let measured = distance(query, neighbour)
                guard results.count < ef || measured < bound else { continue }
                candidates.push(Neighbour(distance: measured, id: neighbour))
                guard accept.accepts(neighbour) else { continue }
                if results.count < ef {
                    results.push(Neighbour(distance: measured, id: neighbour))
                } else {
                    results.replaceTop(with: Neighbour(distance: measured, id: neighbour))
                }
                bound = results.top.distance
            }
        }
    }
}
