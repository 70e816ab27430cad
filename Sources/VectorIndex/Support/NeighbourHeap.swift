/// A node id with its distance to the point being searched for. Distance is the negated inner product, so smaller
/// is closer and `score = -distance` is exact.
struct Neighbour: Sendable {
    var distance: Float
    var id: UInt32
}

/// Which neighbour a heap keeps on top.
protocol HeapOrder {
    /// Whether `a` belongs above `b`.
    static func above(_ a: Neighbour, _ b: Neighbour) -> Bool
}

/// Nearest on top: the candidate queue of a beam search.
enum NearestOnTop: HeapOrder {
    @inline(__always) static func above(_ a: Neighbour, _ b: Neighbour) -> Bool { a.distance < b.distance }
}

/// Farthest on top: the bounded result set, whose top is the one to evict.
enum FarthestOnTop: HeapOrder {
    @inline(__always) static func above(_ a: Neighbour, _ b: Neighbour) -> Bool { a.distance > b.distance }
}

/// A binary heap of neighbours in a manually managed buffer.
///
/// Searches copy the heap into a local, work on it, and store it back: a heap living in a class property would pay
/// a dynamic exclusivity check on every push. The buffer is released by `deallocate()` (its owner's `deinit`).
struct NeighbourHeap<Order: HeapOrder> {
    private(set) var storage: UnsafeMutablePointer<Neighbour>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The top element; the heap must not be empty.
    var top: Neighbour {
        @inline(__always) get { storage[0] }
    }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func push(_ element: Neighbour) {
        if count == capacity { grow() }
        var child = count
        count &+= 1
        while child > 0 {
            let parent = (child &- 1) >> 1
            guard Order.above(element, storage[parent]) else { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = element
    }

    /// Removes and returns the top element, nil when empty.
    @inline(__always)
    mutating func pop() -> Neighbour? {
        guard count > 0 else { return nil }
        let result = storage[0]
        count &-= 1
        if count > 0 { siftDown(storage[count]) }
        return result
    }

    /// Replaces the top element with `element` (cheaper than pop + push).
    @inline(__always)
    mutating func replaceTop(with element: Neighbour) {
        siftDown(element)
    }

    /// Places `element` at the root and restores heap order downwards.
    @inline(__always)
    private mutating func siftDown(_ element: Neighbour) {
        var parent = 0
        while true {
            var child = 2 &* parent &+ 1
            guard child < count else { break }
            let right = child &+ 1
            if right < count && Order.above(storage[right], storage[child]) { child = right }
            guard Order.above(storage[child], element) else { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = element
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Neighbour>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
