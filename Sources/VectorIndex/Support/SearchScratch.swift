import Threading

/// The per-search working memory: visited marks, the two heaps and the normalized query. Allocating a visited
/// array per search would cost a memset of 2 bytes per node, so scratches are pooled and reused.
final class SearchScratch {
    var visited: VisitedSet
    var candidates: NeighbourHeap<NearestOnTop>
    var results: NeighbourHeap<FarthestOnTop>
    /// The normalized query (or vector being inserted), padded with zeros; 64-byte aligned like the stored rows.
    let query: UnsafeMutablePointer<Float>
    /// The not-yet-visited links of the node being expanded: collected first so all their vectors can be
    /// prefetched before the first distance is computed.
    let pending: UnsafeMutablePointer<UInt32>
    let paddedDimension: Int

    init(paddedDimension: Int, maxLinks: Int, nodeCapacity: Int) {
        self.paddedDimension = paddedDimension
        pending = .allocate(capacity: maxLinks)
        visited = VisitedSet(capacity: nodeCapacity)
        candidates = NeighbourHeap(capacity: 256)
        results = NeighbourHeap(capacity: 256)
        query = UnsafeMutableRawPointer.allocate(byteCount: paddedDimension * 4, alignment: 64)
            .bindMemory(to: Float.self, capacity: paddedDimension)
        query.initialize(repeating: 0, count: paddedDimension)
    }

    deinit {
        visited.deallocate()
        candidates.deallocate()
        results.deallocate()
        query.deallocate()
        pending.deallocate()
    }

    /// Empties `results` into an array of the `limit` nearest, nearest first.
    func drainResultsNearestFirst(limit: Int = .max) -> [Neighbour] {
        var heap = results
        defer { results = heap }
        while heap.count > limit { _ = heap.pop() }
        var sorted = [Neighbour](repeating: Neighbour(distance: 0, id: 0), count: heap.count)
        var index = heap.count
        while let farthest = heap.pop() {
            index -= 1
            sorted[index] = farthest
        }
        return sorted
    }
}

/// Scratches shared by concurrent searches: a search takes one (or makes one) and gives it back.
final class ScratchPool: @unchecked Sendable {
    private let lock = ConditionLock()
    private var idle: [SearchScratch] = []  // guarded by `lock`
    private let paddedDimension: Int
    private let maxLinks: Int
    /// Idle scratches kept for reuse; more concurrent searches than this allocate and free their own.
    private let maxIdle: Int

    init(paddedDimension: Int, maxLinks: Int, maxIdle: Int = 64) {
        self.paddedDimension = paddedDimension
        self.maxLinks = maxLinks
        self.maxIdle = maxIdle
    }

    /// Runs `body` with a scratch no other thread uses meanwhile.
    func withScratch<T, E: Error>(nodeCapacity: Int, _ body: (SearchScratch) throws(E) -> T) throws(E) -> T {
        let scratch = lock.withLock { idle.popLast() }
            ?? SearchScratch(paddedDimension: paddedDimension, maxLinks: maxLinks, nodeCapacity: nodeCapacity)
        defer {
            lock.withLock {
                if idle.count < maxIdle { idle.append(scratch) }
            }
        }
        return try body(scratch)
    }
}
