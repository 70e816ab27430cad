/// Loads a snapshot into a new graph: the header is validated, the file size must match it exactly, the node
/// arrays are read straight into the graph's memory (no parse, no rebuild), the CRC-32 must match, and the graph's
/// structure is checked (`HNSWGraph.validate`) before anyone can search it.
enum SnapshotReader {
    static func read(_ path: String) throws(SnapshotError) -> HNSWGraph {
        let file = try SnapshotFile.open(path)
        let fileSize = try file.size()
        let headerBytes = try file.read(count: SnapshotHeader.size)
        let header = try SnapshotHeader(decoding: headerBytes)
        guard let sectionBytes = SnapshotSections.byteCount(header) else { throw .corrupt("counts overflow") }
        let expected = SnapshotHeader.size + sectionBytes + 4
        guard fileSize >= expected else { throw .truncated(expectedBytes: expected, actualBytes: fileSize) }
        guard fileSize == expected else { throw .corrupt("\(fileSize - expected) bytes after the checksum") }

        let graph = HNSWGraph(dimension: header.dimension, parameters: header.parameters,
                              capacity: max(header.nodeCount, 1))
        graph.store.reserveUpper(header.upperCount)
        graph.store.count = header.nodeCount
        graph.store.upperCount = header.upperCount
        var crc = CRC32()
        headerBytes.withUnsafeBytes { crc.update($0) }
        for section in SnapshotSections.of(graph.store) {
            var offset = 0
            while offset < section.count {
                let chunk = UnsafeMutableRawBufferPointer(
                    rebasing: section[offset..<min(section.count, offset + SnapshotWriter.chunkBytes)])
                guard try file.read(into: chunk) == chunk.count else {
                    throw .truncated(expectedBytes: expected, actualBytes: try file.size())
                }
                crc.update(UnsafeRawBufferPointer(chunk))
                offset += chunk.count
            }
        }
        let trailer = try file.read(count: 4)
        guard trailer.count == 4 else { throw .truncated(expectedBytes: expected, actualBytes: try file.size()) }
        let stored = trailer.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard stored == crc.value else { throw .checksumMismatch(stored: stored, computed: crc.value) }
        graph.store.fillCodes(0..<UInt32(header.nodeCount))
        graph.entryPoint = header.entryPoint
        graph.maxLevel = header.maxLevel
        graph.tombstoneCount = header.tombstoneCount
        graph.rng = SplitMix64(seed: header.generatorState)
        try graph.validate()
        return graph
    }
}
