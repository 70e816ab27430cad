/// The fixed 128-byte header of a snapshot file (all integers little-endian):
///
///     0  magic "RAGDHNSW"         8   version              12  header size (128)
///     16 dimension                20  padded dimension     24  M
///     28 efConstruction           32  efSearch             36  max level
///     40 nodes (u64)              48  tombstones (u64)     56  upper-level link slots (u64)
///     64 entry point (u64, ~0 = none)                      72  seed (u64)
///     80 level generator state    88  compaction.rebuildFraction (f64)
///     96 filteredSearch.walkVisitsPerEf (f64)              104 filteredSearch.predicateCost (f64)
///     112 filteredSearch.sampleSize (u32)                  116 filteredSearch.scanDistanceCost (f64, unaligned)
///     124 reserved, zero
///
/// followed by the node arrays of `NodeStore` in `SnapshotSections` order and a CRC-32 of everything before it.
struct SnapshotHeader: Equatable {
    static let magic: [UInt8] = Array("RAGDHNSW".utf8)
    static let version: UInt32 = 1
    static let size = 128

    var dimension: Int
    var paddedDimension: Int
    var parameters: HNSWParameters
    var maxLevel: Int
    var nodeCount: Int
    var tombstoneCount: Int
    var upperCount: Int
    var entryPoint: UInt32?
    var generatorState: UInt64

    /// The header of `graph`.
    init(_ graph: HNSWGraph) {
        dimension = graph.dimension
        paddedDimension = graph.store.paddedDimension
        parameters = graph.parameters
        maxLevel = graph.maxLevel
        nodeCount = graph.nodeCount
        tombstoneCount = graph.tombstoneCount
        upperCount = graph.store.upperCount
        entryPoint = graph.entryPoint
        generatorState = graph.rng.state
    }

    /// The header's 128 bytes.
    var encoded: [UInt8] {
        var bytes = Self.magic
        for value in [Self.version, UInt32(Self.size), UInt32(dimension), UInt32(paddedDimension),
                      UInt32(parameters.m), UInt32(parameters.efConstruction), UInt32(parameters.efSearch),
                      UInt32(maxLevel)] {
            bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        }
        let filtered = parameters.filteredSearch
        for value in [UInt64(nodeCount), UInt64(tombstoneCount), UInt64(upperCount), entryPoint.map(UInt64.init) ?? ~0,
                      parameters.seed, generatorState, parameters.compaction.rebuildFraction.bitPattern,
                      filtered.walkVisitsPerEf.bitPattern, filtered.predicateCost.bitPattern] {
            bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        }
        bytes += withUnsafeBytes(of: UInt32(filtered.sampleSize).littleEndian, Array.init)
        bytes += withUnsafeBytes(of: filtered.scanDistanceCost.bitPattern.littleEndian, Array.init)
        bytes += [UInt8](repeating: 0, count: Self.size - bytes.count)
        return bytes
    }

    /// Decodes and range-checks a header; the counts are checked against the file size by the reader.
    init(decoding bytes: [UInt8]) throws(SnapshotError) {
        guard bytes.count >= Self.magic.count else {
            // A file cut inside the magic is a truncated snapshot; anything else is not one.
            throw Self.magic.starts(with: bytes) ? .truncated(expectedBytes: Self.size, actualBytes: bytes.count)
                : .notASnapshot
        }
        guard bytes.starts(with: Self.magic) else { throw .notASnapshot }
        guard bytes.count >= Self.size else { throw .truncated(expectedBytes: Self.size, actualBytes: bytes.count) }
        func u32(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) }
        }
        func u64(_ offset: Int) -> UInt64 {
            bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        let version = u32(8)
        guard version == Self.version else { throw .unsupportedVersion(version) }
        guard u32(12) == UInt32(Self.size) else { throw .corrupt("header size \(u32(12))") }
        dimension = Int(u32(16))
        paddedDimension = Int(u32(20))
        guard (1...Self.maxDimension).contains(dimension),
              paddedDimension == VectorMath.paddedDimension(dimension) else {
            throw .corrupt("dimension \(dimension), padded \(paddedDimension)")
        }
        let m = Int(u32(24))
        let efConstruction = Int(u32(28))
        let efSearch = Int(u32(32))
        guard (2...255).contains(m), efConstruction >= 1, efSearch >= 1 else {
            throw .corrupt("M \(m), efConstruction \(efConstruction), efSearch \(efSearch)")
        }
        maxLevel = Int(u32(36))
        guard maxLevel <= HNSWGraph.levelCap else { throw .corrupt("max level \(maxLevel)") }
        let counts = (u64(40), u64(48), u64(56))
        guard counts.0 <= UInt64(HNSWGraph.maxNodeCount), counts.1 <= counts.0, counts.2 <= UInt64(UInt32.max) else {
            throw .corrupt("node counts \(counts)")
        }
        (nodeCount, tombstoneCount, upperCount) = (Int(counts.0), Int(counts.1), Int(counts.2))
        let entry = u64(64)
        guard entry == ~0 || entry < counts.0 else { throw .corrupt("entry point \(entry)") }
        entryPoint = entry == ~0 ? nil : UInt32(entry)
        generatorState = u64(80)
        let rebuildFraction = Double(bitPattern: u64(88))
        let walkVisitsPerEf = Double(bitPattern: u64(96))
        let predicateCost = Double(bitPattern: u64(104))
        let sampleSize = Int(u32(112))
        let scanDistanceCost = Double(bitPattern: u64(116))
        guard rebuildFraction.isFinite, walkVisitsPerEf.isFinite, predicateCost.isFinite, scanDistanceCost.isFinite,
              sampleSize >= 1 else {
            throw .corrupt("policy values")
        }
        parameters = HNSWParameters(
            m: m, efConstruction: efConstruction, efSearch: efSearch, seed: u64(72),
            filteredSearch: FilteredSearchPolicy(walkVisitsPerEf: walkVisitsPerEf, scanDistanceCost: scanDistanceCost,
                                                 predicateCost: predicateCost, sampleSize: sampleSize),
            compaction: CompactionPolicy(rebuildFraction: rebuildFraction))
    }

    /// The largest dimension a snapshot may declare (embedding models stay far below).
    static let maxDimension = 65_536
}
