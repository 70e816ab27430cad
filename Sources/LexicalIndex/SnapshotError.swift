/// Why a snapshot could not be written or read. A damaged file always ends here, never in a crash.
package enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A system call failed: `operation` on `path` with `errno`.
    case io(operation: String, path: String, errno: Int32)
    /// The file does not start with the snapshot magic.
    case notASnapshot
    /// The file is a snapshot of a format version this build cannot read.
    case unsupportedVersion(UInt32)
    /// The file is shorter than its header says: an interrupted copy.
    case truncated(expectedBytes: UInt64, actualBytes: UInt64)
    /// The content does not match its CRC-32.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The snapshot was built by analyzer rules of another version; its terms would not match today's queries.
    /// Rebuild the index from the documents.
    case analyzerChanged(stored: UInt32, current: UInt32)
    /// The checksum matches but the content breaks the format's rules.
    case corrupt(String)

    /// What went wrong, for logs.
    package var description: String {
        switch self {
        case let .io(operation, path, errno): return "\(operation) \(path) failed: errno \(errno)"
        case .notASnapshot: return "not a ragd BM25 snapshot"
        case let .unsupportedVersion(version): return "unsupported snapshot version \(version)"
        case let .truncated(expected, actual): return "snapshot truncated: \(actual) of \(expected) bytes"
        case let .checksumMismatch(stored, computed):
            return "snapshot checksum mismatch: stored \(stored), computed \(computed)"
        case let .analyzerChanged(stored, current):
            return "snapshot analyzer rules v\(stored) differ from this build's v\(current); reindex"
        case let .corrupt(detail): return "corrupt snapshot: \(detail)"
        }
    }
}
