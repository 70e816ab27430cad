/// Why a snapshot could not be written or loaded. Loading validates everything before the index is used, so a
/// damaged or hostile file is one of these errors, never a crash or an out-of-bounds read.
package enum SnapshotError: Error, Equatable, Sendable {
    /// A system call failed: its name, the path and errno.
    case io(operation: String, path: String, errno: Int32)
    /// The file does not start with the snapshot magic.
    case notASnapshot
    /// A format version this build cannot read.
    case unsupportedVersion(UInt32)
    /// The file is shorter than its header says.
    case truncated(expectedBytes: Int, actualBytes: Int)
    /// The stored CRC-32 does not match the contents.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// The contents are inconsistent (a link out of range, a count that does not add up, …).
    case corrupt(String)
}
