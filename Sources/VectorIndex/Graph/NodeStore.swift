/// The node arrays of an HNSW graph, as raw pointers with fixed strides. A value type with no ownership:
/// `HNSWGraph` allocates, grows and frees them, and the search code copies this view into a local so the hot loop
/// reads plain pointers (no class property access, no exclusivity checks, no bounds checks).
///
/// Layout (node ids are dense `UInt32`s in insertion order):
/// - `level0`: one allocation, `level0Stride` UInt32s per node: `[link count | maxLinks0 link slots]`;
/// - `vectors`: one allocation, `paddedDimension` floats per node, 64-byte aligned rows, zero padding;
/// - `codes`, `codeScales`: the same rows as bytes (one signed byte per component, 64-byte aligned rows) and one
///   scale per node, which queries walk the graph with (see `QuantizedDistance`);
/// - `labels`, `levels`, `deleted`: one element per node (compact, so filter and tombstone checks stay in cache);
/// - upper levels: a node of level L ≥ 1 owns L records of `upperStride` UInt32s (`[count | maxLinks slots]`)
///   starting at `upperOffsets[id]` in `upperPool`; ~1/M of nodes have any.
///
/// Links and vectors are parallel arrays rather than one `[links | vector]` record. Both were measured (50,000
/// 384-d vectors, M 16, CPU time, two runs each): parallel arrays searched 5–15% faster at ef 64–128 with the same
/// build time, and use 60 bytes per node less, since an interleaved record must be padded to keep its vector
/// 64-byte aligned (132 bytes of links → 192). Each array is also one block in a snapshot.
struct NodeStore {
    let dimension: Int
    let paddedDimension: Int
    /// Links per node at level 0: 2·M.
    let maxLinks0: Int
    /// Links per node above level 0: M.
    let maxLinks: Int
    var level0Stride: Int { 1 + maxLinks0 }
    var upperStride: Int { 1 + maxLinks }

    private(set) var capacity: Int
    var count = 0
    private(set) var level0: UnsafeMutablePointer<UInt32>
    private(set) var vectors: UnsafeMutablePointer<Float>
    private(set) var codes: UnsafeMutablePointer<Int8>
    private(set) var codeScales: UnsafeMutablePointer<Float>
    private(set) var labels: UnsafeMutablePointer<UInt64>
    private(set) var levels: UnsafeMutablePointer<UInt8>
    private(set) var deleted: UnsafeMutablePointer<UInt8>
    private(set) var upperOffsets: UnsafeMutablePointer<UInt32>
    private(set) var upperPool: UnsafeMutablePointer<UInt32>
    private(set) var upperCapacity: Int
    /// UInt32s of `upperPool` in use.
    var upperCount = 0

    init(dimension: Int, m: Int, capacity: Int, upperCapacity: Int = 0) {
        self.dimension = dimension
        paddedDimension = VectorMath.paddedDimension(dimension)
        maxLinks0 = 2 * m
        maxLinks = m
        self.capacity = max(capacity, 1)
        self.upperCapacity = max(upperCapacity, 1)
        level0 = .allocate(capacity: 0)
        vectors = .allocate(capacity: 0)
        codes = .allocate(capacity: 0)
        codeScales = .allocate(capacity: 0)
        labels = .allocate(capacity: 0)
        levels = .allocate(capacity: 0)
        deleted = .allocate(capacity: 0)
        upperOffsets = .allocate(capacity: 0)
        upperPool = .allocate(capacity: self.upperCapacity)
        reallocateNodes(to: self.capacity, keeping: 0)
    }

    /// Frees every array; the store must not be used afterwards.
    func deallocate() {
        level0.deallocate()
        vectors.deallocate()
        codes.deallocate()
        codeScales.deallocate()
        labels.deallocate()
        levels.deallocate()
        deleted.deallocate()
        upperOffsets.deallocate()
        upperPool.deallocate()
    }

    // MARK: Access

    /// `id`'s vector (normalized, padded).
    @inline(__always)
    func vector(_ id: UInt32) -> UnsafeMutablePointer<Float> { vectors + Int(id) &* paddedDimension }

    /// `id`'s vector as bytes (multiply by `codeScales[id]` for the components).
    @inline(__always)
    func code(_ id: UInt32) -> UnsafeMutablePointer<Int8> { codes + Int(id) &* paddedDimension }

    /// `id`'s link record at `level`: element 0 is the count, then the links.
    @inline(__always)
    func links(_ id: UInt32, level: Int) -> UnsafeMutablePointer<UInt32> {
        if level == 0 { return level0 + Int(id) &* level0Stride }
        return upperPool + Int(upperOffsets[Int(id)]) + (level &- 1) &* upperStride
    }

    /// The most links a node keeps at `level`.
    @inline(__always)
    func maxLinks(level: Int) -> Int { level == 0 ? maxLinks0 : maxLinks }

    /// The distance (negated inner product) from `query` to node `id`.
    @inline(__always)
    func distance(_ query: UnsafePointer<Float>, _ id: UInt32) -> Float {
        -VectorMath.dot(query, vector(id), count: paddedDimension)
    }

    /// `distance(_:_:)` against the byte copy of the node: off by at most half a quantization step per component,
    /// ½·scale·Σ|qᵢ| (≈ 10⁻² for SciFact's MiniLM vectors); measured there, 3·10⁻⁴ on average, 2·10⁻³ at most.
    @inline(__always)
    func quantizedDistance(_ query: UnsafePointer<Float>, _ id: UInt32) -> Float {
        -codeScales[Int(id)] * VectorMath.dot(query, code(id), count: paddedDimension)
    }

    /// The distance between two stored nodes.
    @inline(__always)
    func distance(between a: UInt32, _ b: UInt32) -> Float {
        -VectorMath.dot(vector(a), vector(b), count: paddedDimension)
    }

    // MARK: Growth

    /// Appends a node with no links; returns its id. Capacity must have been reserved.
    mutating func append(vector: UnsafePointer<Float>, label: UInt64, level: Int) -> UInt32 {
        precondition(count < capacity, "append without reserved capacity")
        let id = UInt32(count)
        count += 1
        self.vector(id).update(from: vector, count: paddedDimension)
        fillCodes(id..<id + 1)
        labels[Int(id)] = label
        levels[Int(id)] = UInt8(level)
        deleted[Int(id)] = 0
        // Whole link records are zeroed, unused slots included, so snapshots never carry stale memory and the
        // same graph always writes the same bytes.
        (level0 + Int(id) * level0Stride).update(repeating: 0, count: level0Stride)
        upperOffsets[Int(id)] = 0
        if level > 0 {
            let needed = level * upperStride
            reserveUpper(upperCount + needed)
            upperOffsets[Int(id)] = UInt32(upperCount)
            (upperPool + upperCount).update(repeating: 0, count: needed)
            upperCount += needed
        }
        return id
    }

    /// Writes the byte copies of `ids`' vectors (also after the vectors were written another way: a snapshot).
    func fillCodes(_ ids: Range<UInt32>) {
        for id in ids { codeScales[Int(id)] = VectorMath.quantize(vector(id), into: code(id), count: paddedDimension) }
    }

    /// Makes room for at least `nodes` nodes, growing by half again at least so appends stay amortized O(1).
    mutating func reserve(_ nodes: Int) {
        guard nodes > capacity else { return }
        reallocateNodes(to: max(nodes, capacity + capacity / 2), keeping: count)
    }

    /// Makes room for at least `slots` UInt32s of upper-level links.
    mutating func reserveUpper(_ slots: Int) {
        guard slots > upperCapacity else { return }
        let newCapacity = max(slots, upperCapacity * 2)
        let larger = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        larger.moveInitialize(from: upperPool, count: upperCount)
        upperPool.deallocate()
        upperPool = larger
        upperCapacity = newCapacity
    }

    private mutating func reallocateNodes(to newCapacity: Int, keeping kept: Int) {
        level0 = Self.moved(level0, kept * level0Stride, into: newCapacity * level0Stride)
        let newVectors = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * paddedDimension * 4,
                                                          alignment: 64)
            .bindMemory(to: Float.self, capacity: newCapacity * paddedDimension)
        newVectors.moveInitialize(from: vectors, count: kept * paddedDimension)
        vectors.deallocate()
        vectors = newVectors
        let newCodes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity * paddedDimension, alignment: 64)
            .bindMemory(to: Int8.self, capacity: newCapacity * paddedDimension)
        newCodes.moveInitialize(from: codes, count: kept * paddedDimension)
        codes.deallocate()
        codes = newCodes
        codeScales = Self.moved(codeScales, kept, into: newCapacity)
        labels = Self.moved(labels, kept, into: newCapacity)
        levels = Self.moved(levels, kept, into: newCapacity)
        deleted = Self.moved(deleted, kept, into: newCapacity)
        upperOffsets = Self.moved(upperOffsets, kept, into: newCapacity)
        capacity = newCapacity
    }

    private static func moved<T>(_ old: UnsafeMutablePointer<T>, _ kept: Int,
                                 into newCapacity: Int) -> UnsafeMutablePointer<T> {
        let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
        new.moveInitialize(from: old, count: kept)
        old.deallocate()
        return new
    }

    /// Bytes allocated for nodes and links (capacity included).
    var allocatedBytes: Int {
        capacity * (level0Stride * 4 + paddedDimension * 5 + 4 + 8 + 1 + 1 + 4) + upperCapacity * 4
    }
}
