import Threading

/// Exact nearest neighbours by cosine similarity, by scanning every vector: the oracle that recall tests compare
/// `HNSWIndex` with, and a fine index for a few thousand vectors. Same API and normalization as `HNSWIndex`.
///
/// Thread safety: searches share `lock` for reading; insert and remove take it exclusively.
package final class ExactIndex: VectorSearching, @unchecked Sendable {
    private let lock = ReadWriteLock()
    private let paddedDimension: Int
    private var rows: UnsafeMutablePointer<Float>  // `capacity` normalized, padded rows; the first `stored` used
    private var capacity: Int
    private var stored = 0
    private var labels: [UInt64] = []
    private var rowOfLabel: [UInt64: Int] = [:]

    /// The number of components of every vector and query.
    package let dimension: Int

    /// An empty index of `dimension`-component vectors.
    package init(dimension: Int, capacity: Int = 1024) {
        precondition(dimension >= 1, "dimension must be positive")
        self.dimension = dimension
        paddedDimension = VectorMath.paddedDimension(dimension)
        self.capacity = max(capacity, 1)
        rows = .allocate(capacity: self.capacity * paddedDimension)
    }

    deinit { rows.deallocate() }

    /// Stored labels.
    package var count: Int { lock.reading { stored } }

    /// The vector stored under `label`, normalized to unit length; nil when the label is not stored.
    package func vector(label: UInt64) -> [Float]? {
        lock.reading {
            guard let row = rowOfLabel[label] else { return nil }
            return Array(UnsafeBufferPointer(start: rows + row * paddedDimension, count: dimension))
        }
    }

    /// Stores `vector` under `label`, replacing the label's previous vector.
    package func insert(_ vector: [Float], label: UInt64) throws(VectorIndexError) {
        try lock.writing { () throws(VectorIndexError) in
            let row: Int
            if let existing = rowOfLabel[label] {
                row = existing
            } else {
                if stored == capacity { grow() }
                row = stored
            }
            try VectorMath.normalize(vector, dimension: dimension, into: rows + row * paddedDimension,
                                     paddedCount: paddedDimension)
            guard row == stored else { return }
            stored += 1
            labels.append(label)
            rowOfLabel[label] = row
        }
    }

    /// Removes `label` (the last row moves into its place); false when it is not stored.
    @discardableResult
    package func remove(label: UInt64) -> Bool {
        lock.writing {
            guard let row = rowOfLabel.removeValue(forKey: label) else { return false }
            let last = stored - 1
            if row != last {
                (rows + row * paddedDimension).update(from: rows + last * paddedDimension, count: paddedDimension)
                labels[row] = labels[last]
                rowOfLabel[labels[row]] = row
            }
            labels.removeLast()
            stored -= 1
            return true
        }
    }

    /// The exact `k` most similar allowed labels, best first (`ef` is ignored).
    package func search(_ query: [Float], k: Int, ef: Int? = nil,
                        filter: VectorFilter? = nil) throws(VectorIndexError) -> [VectorHit] {
        let normalized = UnsafeMutableRawPointer.allocate(byteCount: paddedDimension * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: paddedDimension)
        defer { normalized.deallocate() }
        try VectorMath.normalize(query, dimension: dimension, into: normalized, paddedCount: paddedDimension)
        return lock.reading {
            let k = min(k, stored)  // a huge k must not size buffers
            guard k > 0 else { return [] }
            var scan = ExactScan(k: k)
            for row in 0..<stored where filter?.allows(labels[row]) ?? true {
                let distance = -VectorMath.dot(normalized, rows + row * paddedDimension, count: paddedDimension)
                scan.offer(distance, UInt32(row))
            }
            return scan.nearestFirst().map { VectorHit(label: labels[Int($0.id)], score: -$0.distance) }
        }
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Float>.allocate(capacity: capacity * 2 * paddedDimension)
        larger.moveInitialize(from: rows, count: stored * paddedDimension)
        rows.deallocate()
        rows = larger
        capacity *= 2
    }
}
