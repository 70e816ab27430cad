#if canImport(Glibc)
import Glibc
#endif

#if _endian(big)
#error("snapshots hold the node arrays as they are in memory, which the format defines as little-endian")
#endif

/// Writes a graph as a snapshot: to `path.tmp-PID`, fsync, rename over `path`, fsync the directory. A crash at any
/// point leaves either the old snapshot or the new one, never a torn file.
enum SnapshotWriter {
    /// Bytes written (and CRC'd) per call, so the CRC reads data still in cache.
    static let chunkBytes = 1 << 20

    static func write(_ graph: HNSWGraph, to path: String) throws(SnapshotError) {
        let temporary = "\(path).tmp-\(getpid())"
        do throws(SnapshotError) {
            let file = try SnapshotFile.create(temporary)
            var crc = CRC32()
            let header = SnapshotHeader(graph).encoded
            header.withUnsafeBytes { crc.update($0) }
            try file.write(header)
            for section in SnapshotSections.of(graph.store) {
                var offset = 0
                while offset < section.count {
                    let chunk = UnsafeRawBufferPointer(rebasing: section[offset..<min(section.count,
                                                                                       offset + chunkBytes)])
                    crc.update(chunk)
                    try file.write(chunk)
                    offset += chunk.count
                }
            }
            try file.write(withUnsafeBytes(of: crc.value.littleEndian, Array.init))
            try file.sync()
            try SnapshotFile.replace(path, with: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
