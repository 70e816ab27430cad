#if canImport(Glibc)
import Glibc
#endif
import Crypto
@testable import Ingest
import TestSupport
import Testing

@Suite struct BlobStoreTests {
    let key = [UInt8](repeating: 7, count: 32)

    @Test func roundTripsAndHashesThePlaintext() throws {
        let directory = TemporaryDirectory(prefix: "ragd-blobs")
        defer { directory.remove() }
        let store = try BlobStore(directory: directory.path + "/blobs", key: key)
        let plaintext = Array("the quick brown fox".utf8)
        let blob = try store.store(plaintext, organization: "org_a")
        #expect(blob.bytes == plaintext.count)
        #expect(blob.sha256 == Hex.encode(Digest.sha256(plaintext)))
        #expect(try store.read(blob.id, organization: "org_a") == plaintext)
        let onDisk = Subprocess.run("/bin/cat", [directory.path + "/blobs/\(blob.id).blob"], input: [])
        #expect(!onDisk.output.contains("quick brown"), "encrypted at rest")
        let mode = Subprocess.run("/usr/bin/stat", ["-c", "%a", directory.path + "/blobs/\(blob.id).blob"], input: [])
        #expect(mode.output.trimmingCharacters == "600")
    }

    @Test func streamsLargeInputsWithBoundedPieces() throws {
        let directory = TemporaryDirectory(prefix: "ragd-blobs")
        defer { directory.remove() }
        let store = try BlobStore(directory: directory.path, key: key)
        var generator = SplitMix64(seed: 3)
        let total = 3_000_017
        var produced = 0
        let hasher = SHA256Hasher()
        let blob = try store.store(organization: "org_a", maxBytes: total) { buffer in
            let count = min(Int.random(in: 1...buffer.count, using: &generator), total - produced)
            for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: (produced + index) &* 31) }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            produced += count
            return count
        }
        #expect(blob.bytes == total && blob.sha256 == hasher.finishHex())
        let back = try store.read(blob.id, organization: "org_a")
        #expect(back.count == total && back[1_000_000] == UInt8(truncatingIfNeeded: 1_000_000 &* 31))
    }

    @Test func refusesTamperingMovesWrongKeysAndOversize() throws {
        let directory = TemporaryDirectory(prefix: "ragd-blobs")
        defer { directory.remove() }
        let store = try BlobStore(directory: directory.path, key: key)
        let blob = try store.store(Array(repeating: 65, count: 1000), organization: "org_a")
        #expect(throws: BlobError.self) { try store.read(blob.id, organization: "org_b") }  // another tenant's id
        let path = directory.path + "/\(blob.id).blob"
        let fd = open(path, O_RDWR)
        var byte: UInt8 = 0
        pread(fd, &byte, 1, 100)
        byte ^= 1
        pwrite(fd, &byte, 1, 100)
        close(fd)
        #expect(throws: BlobError(code: "blob_corrupt", message: "blob \(blob.id) failed authentication (damaged or moved)")) {
            try store.read(blob.id, organization: "org_a")
        }
        let other = try BlobStore(directory: directory.path, key: [UInt8](repeating: 8, count: 32))
        let fresh = try store.store([1, 2, 3], organization: "org_a")
        #expect(throws: BlobError(code: "blob_wrong_key", message: "blob \(fresh.id) was encrypted with another key")) {
            try other.read(fresh.id, organization: "org_a")
        }
        #expect(throws: BlobError.self) { try store.read("../../etc/passwd", organization: "org_a") }
        #expect(throws: BlobError(code: "blob_too_large", message: "the file is larger than 10 bytes")) {
            var sent = false
            _ = try store.store(organization: "org_a", maxBytes: 10) { buffer in
                if sent { return 0 }
                sent = true
                return 11
            }
        }
        let leftovers = Subprocess.run("/bin/ls", ["-a", directory.path], input: []).output
        #expect(!leftovers.contains(".tmp"), "a failed store leaves no temporary file")
    }

    @Test func removesOrphans() throws {
        let directory = TemporaryDirectory(prefix: "ragd-blobs")
        defer { directory.remove() }
        let store = try BlobStore(directory: directory.path, key: key)
        let kept = try store.store([1], organization: "o")
        let orphan = try store.store([2], organization: "o")
        _ = Subprocess.run("/usr/bin/touch", [directory.path + "/.blb_crashed.tmp"], input: [])
        #expect(store.removeOrphans(keeping: [kept.id]) == 2)
        #expect(try store.read(kept.id, organization: "o") == [1])
        #expect(throws: BlobError.self) { try store.read(orphan.id, organization: "o") }
    }
}

private extension String {
    var trimmingCharacters: String { String(filter { !$0.isWhitespace }) }
}
