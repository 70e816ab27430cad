/// Building a graph without tombstones: repair (keep the links, re-select those that pointed at tombstones) or
/// rebuild (insert every live vector again). Both read this graph only, so searches can go on meanwhile, and both
/// keep the live nodes' order and levels: node ids are renumbered densely, labels are unchanged.
extension HNSWGraph {
    /// A graph of the live nodes built by inserting them again in id order at their levels: the quality of a fresh
    /// build at the cost of one insert per live node.
    func rebuilt(scratch: SearchScratch) -> HNSWGraph {
        let fresh = HNSWGraph(dimension: dimension, parameters: parameters, capacity: max(liveCount, 1))
        fresh.rng = rng
        for index in 0..<store.count where store.deleted[index] == 0 {
            let id = UInt32(index)
            scratch.query.update(from: store.vector(id), count: store.paddedDimension)
            let plan = fresh.planInsertion(label: store.labels[index], level: Int(store.levels[index]),
                                           scratch: scratch)
            _ = fresh.commit(plan, vector: scratch.query)
        }
        return fresh
    }

    /// A graph of the live nodes keeping every link between live nodes. A node that linked to a tombstone gets its
    /// list re-selected by the heuristic from its live links plus the live nodes up to two tombstones away (the
    /// tombstones' own neighbourhoods, which the walk used to reach through them).
    func repaired(scratch: SearchScratch) -> HNSWGraph {
        let fresh = HNSWGraph(dimension: dimension, parameters: parameters, capacity: max(liveCount, 1))
        fresh.rng = rng
        var renumbered = [UInt32](repeating: .max, count: store.count)
        for index in 0..<store.count where store.deleted[index] == 0 {
            renumbered[index] = fresh.store.append(vector: store.vector(UInt32(index)), label: store.labels[index],
                                                   level: Int(store.levels[index]))
        }
        for index in 0..<store.count where store.deleted[index] == 0 {
            let id = UInt32(index)
            for level in 0...Int(store.levels[index]) {
                let kept = keptLinks(of: id, level: level, scratch: scratch)
                let record = fresh.store.links(renumbered[index], level: level)
                record[0] = UInt32(kept.count)
                for (slot, link) in kept.enumerated() { record[1 + slot] = renumbered[Int(link)] }
            }
        }
        for (label, id) in labelToID { fresh.labelToID[label] = renumbered[Int(id)] }
        if let entryPoint, store.deleted[Int(entryPoint)] == 0 {
            fresh.entryPoint = renumbered[Int(entryPoint)]
            fresh.maxLevel = maxLevel
        } else if let highest = (0..<fresh.store.count).max(by: { fresh.store.levels[$0] < fresh.store.levels[$1] }) {
            fresh.entryPoint = UInt32(highest)
            fresh.maxLevel = Int(fresh.store.levels[highest])
        }
        return fresh
    }

    /// `id`'s links on `level` in this graph's ids, with tombstones replaced (see `repaired`).
    private func keptLinks(of id: UInt32, level: Int, scratch: SearchScratch) -> [UInt32] {
        let record = store.links(id, level: level)
        let links = UnsafeBufferPointer(start: record + 1, count: Int(record[0]))
        guard links.contains(where: { store.deleted[Int($0)] != 0 }) else { return Array(links) }
        var visited = scratch.visited
        defer { scratch.visited = visited }
        visited.reset(nodeCapacity: store.capacity)
        _ = visited.testAndSet(id)
        var candidates: [Neighbour] = []
        func gather(_ links: UnsafeBufferPointer<UInt32>, hopsLeft: Int) {
            for link in links where !visited.testAndSet(link) {
                if store.deleted[Int(link)] == 0 {
                    candidates.append(Neighbour(distance: store.distance(between: id, link), id: link))
                } else if hopsLeft > 0 {
                    let next = store.links(link, level: level)
                    gather(UnsafeBufferPointer(start: next + 1, count: Int(next[0])), hopsLeft: hopsLeft - 1)
                }
            }
        }
        gather(links, hopsLeft: 2)
        candidates.sort { $0.distance < $1.distance }
        return store.selectDiverse(candidates, limit: store.maxLinks(level: level))
    }
}
