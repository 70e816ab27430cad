/// The k nearest rows by brute force: the exact-search path of filtered HNSW queries and all of `ExactIndex`.
struct ExactScan: ~Copyable {
    private var heap: NeighbourHeap<FarthestOnTop>
    private let k: Int

    /// A scan keeping the `k` (≥ 1) nearest rows offered.
    init(k: Int) {
        self.k = k
        heap = NeighbourHeap(capacity: k + 1)
    }

    deinit { heap.deallocate() }

    /// Considers row `id` at `distance`.
    @inline(__always)
    mutating func offer(_ distance: Float, _ id: UInt32) {
        if heap.count < k {
            heap.push(Neighbour(distance: distance, id: id))
        } else if distance < heap.top.distance {
            heap.replaceTop(with: Neighbour(distance: distance, id: id))
        }
    }

    /// The kept rows, nearest first; ties keep the lower id first so results are deterministic.
    consuming func nearestFirst() -> [Neighbour] {
        var sorted: [Neighbour] = []
        sorted.reserveCapacity(heap.count)
        while let farthest = heap.pop() { sorted.append(farthest) }
        return sorted.sorted { ($0.distance, $0.id) < ($1.distance, $1.id) }
    }
}
