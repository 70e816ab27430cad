#if canImport(Glibc)
import Glibc
#endif
import Ingest

/// Where uploads live on disk: `data_dir/blobs` (originals, AES-256-GCM under the deployment's encryption key) and
/// `data_dir/uploads` (request bodies being received; emptied at start, since a body left there belongs to a
/// request that died with the previous process).
struct Storage: Sendable {
    let blobs: BlobStore
    let uploads: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func open(config: RagdConfig, environment: [String: String]) throws -> Storage {
        let key = try Secrets.load(.encryption, config: config, environment: environment)
        let blobs: BlobStore
        do {
            blobs = try BlobStore(directory: config.dataDirectory + "/blobs", key: key)
        } catch {
            throw Failure(description: error.message)
        }
        let uploads = config.dataDirectory + "/uploads"
        if mkdir(uploads, 0o700) != 0 && errno != EEXIST {
            throw Failure(description: "cannot create \(uploads): \(String(cString: strerror(errno)))")
        }
        removeLeftovers(in: uploads)
        return Storage(blobs: blobs, uploads: uploads)
    }

    /// Deletes `.upload-*` spool files of requests that never finished.
    private static func removeLeftovers(in directory: String) {
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".upload-") { unlink("\(directory)/\(name)") }
        }
    }
}
