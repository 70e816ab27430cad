import Glibc
import Testing
@testable import VectorIndex

/// Snapshots: a round trip gives the same index; a damaged file is a typed error.
@Suite struct SnapshotTests {
    let data = Fixture(count: 1_050, dimension: 24, seed: 41)

    func savedIndex(_ name: String) throws -> (HNSWIndex, String) {
        let index = HNSWIndex(dimension: 24, parameters: HNSWParameters(m: 8, efConstruction: 60, efSearch: 40))
        try data.load(prefix: 1_000, into: index)
        for label in stride(from: UInt64(0), to: 1_000, by: 9) { index.remove(label: label) }
        let path = temporaryPath(name)
        try index.save(to: path)
        return (index, path)
    }

    func bytes(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { result += chunk[0..<count] }
        return result
    }

    func write(_ bytes: [UInt8], to path: String) {
        let file = fopen(path, "wb")!
        fwrite(bytes, 1, bytes.count, file)
        fclose(file)
    }

    @Test func roundTripGivesIdenticalResultsAndState() throws {
        let (index, path) = try savedIndex("round-trip")
        defer { unlink(path) }
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == index.count)
        #expect(loaded.tombstoneCount == index.tombstoneCount)
        #expect(loaded.parameters == index.parameters)
        #expect(loaded.dimension == 24)
        for query in data.rows.suffix(50) {
            #expect(try loaded.search(query, k: 10) == index.search(query, k: 10))
            let filter = VectorFilter { $0 % 3 == 0 }
            #expect(try loaded.search(query, k: 10, filter: filter) == index.search(query, k: 10, filter: filter))
        }
        // Both continue identically: the level generator's state is part of the snapshot.
        for (offset, vector) in data.rows.suffix(50).enumerated() {
            try index.insert(vector, label: 5_000 + UInt64(offset))
            try loaded.insert(vector, label: 5_000 + UInt64(offset))
        }
        let again = temporaryPath("round-trip-again")
        let loadedAgain = temporaryPath("round-trip-loaded")
        defer { unlink(again); unlink(loadedAgain) }
        try index.save(to: again)
        try loaded.save(to: loadedAgain)
        let (a, b) = (bytes(again), bytes(loadedAgain))
        let firstDifference = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        // Compared here rather than by #expect(a == b): Swift Testing diffing two large arrays crashed.
        #expect(a.count == b.count && firstDifference == nil, "first difference at \(firstDifference ?? -1)")
    }

    @Test func emptyIndexRoundTrips() throws {
        let path = temporaryPath("empty")
        defer { unlink(path) }
        try HNSWIndex(dimension: 5).save(to: path)
        let loaded = try HNSWIndex.load(from: path)
        #expect(loaded.count == 0)
        #expect(try loaded.search([1, 0, 0, 0, 0], k: 3).isEmpty)
        try loaded.insert([1, 2, 3, 4, 5], label: 9)
        #expect(try loaded.search([1, 2, 3, 4, 5], k: 3).map(\.label) == [9])
    }

    @Test func savingReplacesAnExistingFileAndLeavesNoTemporary() throws {
        let (index, path) = try savedIndex("replace")
        defer { unlink(path) }
        try index.insert(data.rows[1_010], label: 77_777)
        try index.save(to: path)
        #expect(try HNSWIndex.load(from: path).contains(label: 77_777))
        #expect(access("\(path).tmp-\(getpid())", F_OK) != 0)
    }

    @Test func everyTruncationIsAnError() throws {
        let (_, path) = try savedIndex("truncated")
        defer { unlink(path) }
        let original = bytes(path)
        let cut = temporaryPath("truncated-cut")
        defer { unlink(cut) }
        let lengths = [0, 4, 8, 100, 127, 128, 129, 1_000, original.count / 2, original.count - 5, original.count - 1]
        for length in lengths {
            write(Array(original.prefix(length)), to: cut)
            #expect(throws: SnapshotError.self, "length \(length)") { try HNSWIndex.load(from: cut) }
        }
        write(Array(original.prefix(original.count - 1)), to: cut)
        #expect(throws: SnapshotError.truncated(expectedBytes: original.count, actualBytes: original.count - 1)) {
            try HNSWIndex.load(from: cut)
        }
        write(original + [0], to: cut)
        #expect(throws: SnapshotError.self) { try HNSWIndex.load(from: cut) }
    }

    @Test func flippedBitsAreCaughtByTheChecksum() throws {
        let (_, path) = try savedIndex("flipped")
        defer { unlink(path) }
        let original = bytes(path)
        let damaged = temporaryPath("flipped-damaged")
        defer { unlink(damaged) }
        var random = SplitMix64(seed: 1)
        for _ in 0..<40 {
            var copy = original
            let offset = Int(random.next() % UInt64(original.count))  // header, sections or checksum
            copy[offset] ^= 1 << UInt8(random.next() % 8)
            write(copy, to: damaged)
            #expect(throws: SnapshotError.self, "byte \(offset)") { try HNSWIndex.load(from: damaged) }
        }
    }

    @Test func foreignAndFutureFilesAreRefused() throws {
        let (_, path) = try savedIndex("foreign")
        defer { unlink(path) }
        let original = bytes(path)
        let other = temporaryPath("foreign-other")
        defer { unlink(other) }
        write(Array("not a snapshot at all, just some text".utf8), to: other)
        #expect(throws: SnapshotError.notASnapshot) { try HNSWIndex.load(from: other) }
        var future = original
        future[8] = 2
        write(future, to: other)
        #expect(throws: SnapshotError.unsupportedVersion(2)) { try HNSWIndex.load(from: other) }
        #expect(throws: SnapshotError.self) { try HNSWIndex.load(from: temporaryPath("does-not-exist")) }
    }

    /// A file whose checksum is right but whose contents are not (written by a buggy or hostile writer) must still
    /// be refused before any search can follow a bad link.
    @Test func structuralDamageWithAValidChecksumIsRefused() throws {
        let (index, path) = try savedIndex("structural")
        defer { unlink(path) }
        let original = bytes(path)
        let nodes = index.withStableGraph { $0.nodeCount }
        let level0 = SnapshotHeader.size + nodes * (8 + 4 + 1 + 1)
        let damaged = temporaryPath("structural-damaged")
        defer { unlink(damaged) }
        let edits: [(String, Int, UInt8)] = [
            ("link count above 2·M", level0, 200),
            ("link target out of range", level0 + 4 + 3, 0x7F),
            ("deleted flag 7", SnapshotHeader.size + nodes * 13 + 1, 7),
            ("level above max", SnapshotHeader.size + nodes * 12 + 2, 30),
            ("entry point out of range", 64 + 3, 0x7F),
            ("M of 1", 24, 1),
        ]
        for (name, offset, value) in edits {
            var copy = original
            copy[offset] = value
            let body = Array(copy.dropLast(4))
            write(body + withUnsafeBytes(of: CRC32.checksum(body).littleEndian, Array.init), to: damaged)
            #expect(throws: SnapshotError.self, "\(name)") { try HNSWIndex.load(from: damaged) }
        }
    }
}
