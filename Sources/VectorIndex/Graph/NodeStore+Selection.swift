/// The neighbour-selection heuristic (paper Algorithm 4, without extending or keeping pruned candidates, as in
/// hnswlib): walk the candidates nearest first and keep one only if it is closer to the base than to every one
/// already kept. Links then point in diverse directions instead of all into the nearest cluster, which keeps the
/// graph navigable across clusters and is what lets HNSW reach high recall with few links.
///
/// Exact copies get one twist. Copies of the base are all at the same distance from it and from each other, so the
/// plain rule keeps every one; a group of more than 2·M copies of one vector (boilerplate chunks) then fills each
/// other's lists completely, no link leaves the group, and walks that enter it are stuck. Here the copies count
/// as one direction: the first is kept like any candidate, the others only fill the slots left free at the end,
/// so the group stays connected to the rest of the graph and among itself.
extension NodeStore {
    /// Writes up to `limit` ids chosen from `candidates` (sorted nearest first by distance to the base) to
    /// `output`; returns how many. With no more than `limit` candidates, all are kept.
    func selectDiverse(_ candidates: UnsafeBufferPointer<Neighbour>, limit: Int,
                       into output: UnsafeMutablePointer<UInt32>) -> Int {
        if candidates.count <= limit {
            for (index, candidate) in candidates.enumerated() { output[index] = candidate.id }
            return candidates.count
        }
        var kept = 0
        var copies: [UInt32] = []
        for candidate in candidates {
            if kept == limit { break }
            var diverse = true
            for index in 0..<kept {
                let toKept = distance(between: candidate.id, output[index])
                if toKept < candidate.distance {
                    diverse = false
                    break
                }
                // A tie: the candidate is as close to a kept neighbour as to the base. If that distance is its
                // distance to itself, all three are copies of one vector (the products are computed alike, so
                // equality is exact).
                if toKept == candidate.distance && toKept == distance(between: candidate.id, candidate.id) {
                    diverse = false
                    copies.append(candidate.id)
                    break
                }
            }
            if diverse {
                output[kept] = candidate.id
                kept += 1
            }
        }
        for copy in copies where kept < limit {
            output[kept] = copy
            kept += 1
        }
        return kept
    }

    /// `selectDiverse` returning the chosen ids as an array.
    func selectDiverse(_ candidates: [Neighbour], limit: Int) -> [UInt32] {
        candidates.withUnsafeBufferPointer { buffer in
            [UInt32](unsafeUninitializedCapacity: min(limit, buffer.count)) { output, initialized in
                initialized = selectDiverse(buffer, limit: limit, into: output.baseAddress!)
            }
        }
    }
}
