/// The structural invariants of a graph, checked after loading a snapshot (so that no later search can read out
/// of bounds, whatever the file held) and by tests after every kind of mutation.
extension HNSWGraph {
    /// Checks levels, tombstone flags and count, upper-level slot ranges, link counts and targets, and the entry
    /// point; rebuilds `labelToID` from the live nodes, requiring their labels to be unique.
    func validate() throws(SnapshotError) {
        let nodes = store.count
        var tombstones = 0
        for index in 0..<nodes {
            let level = Int(store.levels[index])
            guard level <= maxLevel else { throw .corrupt("node \(index) has level \(level) > \(maxLevel)") }
            switch store.deleted[index] {
            case 0: break
            case 1: tombstones += 1
            default: throw .corrupt("node \(index) has deleted flag \(store.deleted[index])")
            }
            if level == 0 {
                guard store.upperOffsets[index] == 0 else { throw .corrupt("node \(index) has an upper offset") }
            } else {
                let end = Int(store.upperOffsets[index]) + level * store.upperStride
                guard end <= store.upperCount else { throw .corrupt("node \(index) upper links out of range") }
            }
            for layer in 0...level {
                let record = store.links(UInt32(index), level: layer)
                let linkCount = Int(record[0])
                guard linkCount <= store.maxLinks(level: layer) else {
                    throw .corrupt("node \(index) has \(linkCount) links on level \(layer)")
                }
                for slot in 1...max(1, linkCount) where slot <= linkCount {
                    let target = Int(record[slot])
                    guard target < nodes, target != index, Int(store.levels[target]) >= layer else {
                        throw .corrupt("node \(index) links to \(target) on level \(layer)")
                    }
                }
            }
        }
        guard tombstones == tombstoneCount else {
            throw .corrupt("\(tombstones) tombstones, header says \(tombstoneCount)")
        }
        if let entryPoint {
            guard Int(entryPoint) < nodes, Int(store.levels[Int(entryPoint)]) == maxLevel else {
                throw .corrupt("entry point \(entryPoint)")
            }
        } else if nodes > 0 || maxLevel != 0 {
            throw .corrupt("no entry point for \(nodes) nodes")
        }
        var labels: [UInt64: UInt32] = [:]
        labels.reserveCapacity(nodes - tombstones)
        for index in 0..<nodes where store.deleted[index] == 0 {
            guard labels.updateValue(UInt32(index), forKey: store.labels[index]) == nil else {
                throw .corrupt("label \(store.labels[index]) is live twice")
            }
        }
        labelToID = labels
    }
}
