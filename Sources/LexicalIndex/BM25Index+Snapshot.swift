extension BM25Index {
    /// Writes the index to `path` atomically (format: `SnapshotCodec`). Searches continue meanwhile; writes wait
    /// while the snapshot is encoded, not while it is written to disk.
    package func save(to path: String) throws(SnapshotError) {
        let bytes = withStorage { SnapshotCodec.encode(options: analyzer.options, parameters: parameters, storage: $0) }
        try SnapshotFile.write(bytes, to: path)
    }

    /// The index saved at `path`, with the analyzer options and parameters it was built with.
    package static func load(from path: String) throws(SnapshotError) -> BM25Index {
        let (options, parameters, storage) = try SnapshotCodec.decode(SnapshotFile.read(path))
        return BM25Index(analyzer: Analyzer(options: options), parameters: parameters, storage: storage)
    }
}
