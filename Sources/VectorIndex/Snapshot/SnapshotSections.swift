/// The node arrays a snapshot holds after its header, in file order, as byte ranges of a `NodeStore`'s memory:
/// the writer writes them from a graph, the reader reads them into a graph allocated with the same counts. One
/// list serves both, so the two can never disagree on the layout.
enum SnapshotSections {
    /// The byte ranges of `store`'s first `store.count` nodes and `store.upperCount` upper-level slots.
    static func of(_ store: NodeStore) -> [UnsafeMutableRawBufferPointer] {
        let nodes = store.count
        return [
            UnsafeMutableRawBufferPointer(start: store.labels, count: nodes * 8),
            UnsafeMutableRawBufferPointer(start: store.upperOffsets, count: nodes * 4),
            UnsafeMutableRawBufferPointer(start: store.levels, count: nodes),
            UnsafeMutableRawBufferPointer(start: store.deleted, count: nodes),
            UnsafeMutableRawBufferPointer(start: store.level0, count: nodes * store.level0Stride * 4),
            UnsafeMutableRawBufferPointer(start: store.vectors, count: nodes * store.paddedDimension * 4),
            UnsafeMutableRawBufferPointer(start: store.upperPool, count: store.upperCount * 4),
        ]
    }

    /// The bytes of the sections for a header's counts, or nil when the product overflows.
    static func byteCount(_ header: SnapshotHeader) -> Int? {
        let level0Stride = 1 + 2 * header.parameters.m
        let perNode = 8 + 4 + 1 + 1 + level0Stride * 4 + header.paddedDimension * 4
        let (nodes, overflow) = header.nodeCount.multipliedReportingOverflow(by: perNode)
        let (total, overflow2) = nodes.addingReportingOverflow(header.upperCount * 4)
        return overflow || overflow2 ? nil : total
    }
}
