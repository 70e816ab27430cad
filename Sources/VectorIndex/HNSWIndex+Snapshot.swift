/// Snapshots: the whole index in one versioned, checksummed file (format in `SnapshotHeader`).
extension HNSWIndex {
    /// Writes the index to `path` atomically (temporary file, fsync, rename). Searches go on meanwhile; writers
    /// wait until it is written.
    package func save(to path: String) throws(SnapshotError) {
        try withStableGraph { (graph) throws(SnapshotError) in try SnapshotWriter.write(graph, to: path) }
    }

    /// Loads an index saved by `save(to:)`: about the cost of reading the file, with every field validated. A
    /// truncated, corrupted or foreign file throws; it never yields a broken index.
    package static func load(from path: String) throws(SnapshotError) -> HNSWIndex {
        HNSWIndex(graph: try SnapshotReader.read(path))
    }
}
