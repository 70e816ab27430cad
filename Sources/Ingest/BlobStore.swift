#if canImport(Glibc)
import Glibc
#endif
import CLinux
import Crypto

/// A stored original, encrypted at rest.
package struct StoredBlob: Sendable, Equatable {
    /// The blob's id (`blb_…`), also its file name.
    package let id: String
    /// SHA-256 of the plaintext, hex.
    package let sha256: String
    /// Plaintext size.
    package let bytes: Int
}

/// Why a blob could not be stored or read.
package struct BlobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable code: `blob_io`, `blob_too_large`, `blob_corrupt`, `blob_wrong_key`, `blob_missing`.
    package let code: String
    /// What happened.
    package let message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }
}

/// Uploaded originals on disk, each its own file, encrypted with AES-256-GCM under the deployment's key.
///
/// File layout: `RAGDBLOB` · version 1 · 8-byte key id (SHA-256 prefix of the key, to tell "wrong key" from "damaged")
/// · 12-byte random nonce · ciphertext · 16-byte tag. The associated data binds a blob to its organization and id, so
/// a file copied under another name or tenant fails authentication. Files are written to a temporary name, fsynced
/// and renamed, so a crash leaves either no blob or a whole one (never a torn one) — and the database row that names a
/// blob is committed only after the blob is durable.
package final class BlobStore: Sendable {
    private static let magic = Array("RAGDBLOB".utf8)
    private static let headerBytes = 8 + 1 + 8 + AESGCM.nonceBytes
    private let directory: String
    private let key: [UInt8]
    private let keyID: [UInt8]

    /// Opens (creating, mode 0700) the blob directory with a 32-byte key.
    package init(directory: String, key: [UInt8]) throws(BlobError) {
        precondition(key.count == AESGCM.keyBytes)
        self.directory = directory
        self.key = key
        keyID = Array(Digest.sha256(key).prefix(8))
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw BlobError(code: "blob_io", message: "cannot create \(directory): \(Self.reason())")
        }
    }

    /// Stores bytes in memory.
    package func store(_ bytes: [UInt8], organization: String, durable: Bool = true) throws(BlobError) -> StoredBlob {
        var offset = 0
        return try store(organization: organization, maxBytes: bytes.count, durable: durable) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
            offset += count
            return count
        }
    }

    /// Stores what `read` supplies (it fills the buffer and returns the count, 0 at the end), encrypting and hashing
    /// piece by piece: memory stays bounded whatever the size. More than `maxBytes` fails with `blob_too_large`.
    /// With `durable: false` the blob is not yet synced to disk: call `makeDurable()` before committing anything
    /// that names it (one sync for a whole batch of uploads instead of one per file).
    package func store(organization: String, maxBytes: Int, durable: Bool = true,
                       read: (UnsafeMutableRawBufferPointer) throws(BlobError) -> Int) throws(BlobError) -> StoredBlob {
        let id = "blb_" + Hex.encode(SecureRandom.bytes(16))
        let temporary = "\(directory)/.\(id).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BlobError(code: "blob_io", message: "cannot create a blob: \(Self.reason())") }
        var kept = false
        defer {
            close(fd)
            if !kept { unlink(temporary) }
        }
        let nonce = SecureRandom.bytes(AESGCM.nonceBytes)
        let cipher: AESGCM
        do {
            cipher = try AESGCM(.encrypt, key: key, nonce: nonce, associatedData: Self.associatedData(organization, id))
        } catch {
            throw BlobError(code: "blob_io", message: "cannot start encryption: \(error)")
        }
        try Self.writeAll(fd, Self.magic + [1] + keyID + nonce)
        let hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let count = try read(buffer)
            if count == 0 { break }
            total += count
            guard total <= maxBytes else {
                throw BlobError(code: "blob_too_large", message: "the file is larger than \(maxBytes) bytes")
            }
            let piece = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            hasher.update(piece)
            do {
                try Self.writeAll(fd, try cipher.update(piece))
            } catch let error as BlobError {
                throw error
            } catch {
                throw BlobError(code: "blob_io", message: "encryption failed: \(error)")
            }
        }
        do {
            try Self.writeAll(fd, try cipher.finishEncryption())
        } catch let error as BlobError {
            throw error
        } catch {
            throw BlobError(code: "blob_io", message: "encryption failed: \(error)")
        }
        guard !durable || fsync(fd) == 0, rename(temporary, path(of: id)) == 0 else {
            throw BlobError(code: "blob_io", message: "cannot save a blob: \(Self.reason())")
        }
        kept = true
        if durable { syncDirectory() }
        return StoredBlob(id: id, sha256: hasher.finishHex(), bytes: total)
    }

    /// Makes every blob stored so far durable, with their directory entries (syncfs(2) on the blob filesystem). A
    /// crash before this returns leaves at worst blobs no row names, which start-up removes.
    package func makeDurable() throws(BlobError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobError(code: "blob_io", message: "cannot open \(directory): \(Self.reason())") }
        defer { close(fd) }
        guard ragd_syncfs(fd) == 0 else {
            throw BlobError(code: "blob_io", message: "cannot sync the blobs to disk: \(Self.reason())")
        }
    }

    /// Reads and authenticates blob `id` of `organization`. Decrypts piece by piece as it reads, so memory is the
    /// plaintext plus one piece, not the file twice over.
    package func read(_ id: String, organization: String) throws(BlobError) -> [UInt8] {
        guard Self.isValidID(id) else { throw BlobError(code: "blob_missing", message: "no blob \(id)") }
        let fd = open(path(of: id), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BlobError(code: "blob_missing", message: "blob \(id): \(Self.reason())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw BlobError(code: "blob_io", message: "blob \(id): \(Self.reason())") }
        let size = Int(info.st_size)
        guard size >= Self.headerBytes + AESGCM.tagBytes else {
            throw BlobError(code: "blob_corrupt", message: "blob \(id) is truncated")
        }
        let header = try Self.readExactly(fd, Self.headerBytes, blob: id)
        guard Array(header[0..<8]) == Self.magic, header[8] == 1 else {
            throw BlobError(code: "blob_corrupt", message: "blob \(id) has no valid header")
        }
        guard Array(header[9..<17]) == keyID else {
            throw BlobError(code: "blob_wrong_key", message: "blob \(id) was encrypted with another key")
        }
        let failed = BlobError(code: "blob_corrupt", message: "blob \(id) failed authentication (damaged or moved)")
        let cipher: AESGCM
        do {
            cipher = try AESGCM(.decrypt, key: key, nonce: Array(header[17...]),
                                associatedData: Self.associatedData(organization, id))
        } catch {
            throw failed
        }
        var remaining = size - Self.headerBytes - AESGCM.tagBytes
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(remaining)
        while remaining > 0 {
            let piece = try Self.readExactly(fd, min(remaining, 1 << 20), blob: id)
            do { plaintext += try cipher.update(piece) } catch { throw failed }
            remaining -= piece.count
        }
        let tag = try Self.readExactly(fd, AESGCM.tagBytes, blob: id)
        do { try cipher.finishDecryption(tag: tag) } catch { throw failed }
        return plaintext
    }

    private static func readExactly(_ fd: Int32, _ count: Int, blob id: String) throws(BlobError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let read = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, count - offset) }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                throw BlobError(code: read == 0 ? "blob_corrupt" : "blob_io", message: "blob \(id): short read")
            }
            offset += read
        }
        return bytes
    }

    /// Deletes blob `id` (absent is fine).
    package func delete(_ id: String) {
        guard Self.isValidID(id) else { return }
        unlink(path(of: id))
    }

    /// Deletes blobs no row refers to and leftover temporary files (a crash between writing a blob and committing its
    /// row); returns how many were removed.
    @discardableResult
    package func removeOrphans(keeping live: Set<String>) -> Int {
        guard let handle = opendir(directory) else { return 0 }
        defer { closedir(handle) }
        var removed = 0
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let orphan = name.hasSuffix(".tmp") || (name.hasSuffix(".blob") && !live.contains(String(name.dropLast(5))))
            if name.hasPrefix(".") && !name.hasSuffix(".tmp") { continue }
            if orphan && unlink("\(directory)/\(name)") == 0 { removed += 1 }
        }
        return removed
    }

    private func path(of id: String) -> String { "\(directory)/\(id).blob" }

    private func syncDirectory() {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func associatedData(_ organization: String, _ id: String) -> [UInt8] {
        Array("ragd-blob-v1|\(organization)|\(id)".utf8)
    }

    /// Ids are ours (`blb_` + 32 hex digits): nothing else ever becomes a path.
    private static func isValidID(_ id: String) -> Bool {
        id.hasPrefix("blb_") && id.utf8.count == 36 && id.utf8.dropFirst(4).allSatisfy {
            (0x30...0x39).contains($0) || (0x61...0x66).contains($0)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(BlobError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw BlobError(code: "blob_io", message: "cannot write a blob: \(reason())") }
            offset += count
        }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
