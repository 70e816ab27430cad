/// Which nodes a search has already seen, cleared in O(1) per search.
///
/// Each node has a 16-bit mark; a search bumps the generation and a node is visited when its mark equals it, so
/// clearing is free except once every 65,535 searches, when the marks wrap and are zeroed. 2 bytes per node.
struct VisitedSet {
    private(set) var marks: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private var generation: UInt16 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        marks = .allocate(capacity: self.capacity)
        marks.initialize(repeating: 0, count: self.capacity)
    }

    func deallocate() { marks.deallocate() }

    /// Starts a new search over nodes `0..<nodeCapacity`, growing the marks when the graph has grown.
    mutating func reset(nodeCapacity: Int) {
        if nodeCapacity > capacity {
            marks.deallocate()
            capacity = nodeCapacity
            marks = .allocate(capacity: capacity)
            marks.initialize(repeating: 0, count: capacity)
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            marks.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    /// Marks `id` visited; returns whether it already was.
    @inline(__always)
    func testAndSet(_ id: UInt32) -> Bool {
        let slot = marks + Int(id)
        if slot.pointee == generation { return true }
        slot.pointee = generation
        return false
    }

    /// The address of `id`'s mark, for prefetching.
    @inline(__always)
    func address(of id: UInt32) -> UnsafeRawPointer { UnsafeRawPointer(marks + Int(id)) }
}
