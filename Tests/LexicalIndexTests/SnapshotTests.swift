import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import LexicalIndex
import TestSupport

@Suite struct SnapshotTests {
    @Test func roundTripKeepsOptionsParametersAndResults() throws {
        let directory = TemporaryDirectory(prefix: "ragd-bm25")
        defer { directory.remove() }
        var corpus = RandomCorpus(seed: 31, vocabulary: 200)
        let options = AnalyzerOptions(removeStopWords: false, stemEnglish: false, catenateCompounds: false,
                                      maxTokenBytes: 32)
        let documents = corpus.documents(500)
        let index = makeIndex(documents, options: options, parameters: BM25Parameters(k1: 0.9, b: 0.4))
        for label in documents.keys.sorted().prefix(100) { index.remove(label: label) }
        index.add(label: 1, text: "ISO/IEC 27001 PPR-9087 東京")
        let path = directory.path + "/lexical.snapshot"
        try index.save(to: path)
        let loaded = try BM25Index.load(from: path)
        #expect(loaded.analyzer.options == options)
        #expect(loaded.parameters == BM25Parameters(k1: 0.9, b: 0.4))
        #expect(loaded.count == index.count)
        for _ in 0..<100 {
            let query = corpus.text(words: 1...6)
            #expect(loaded.search(query, k: 10) == index.search(query, k: 10))
            #expect(loaded.termStatistics(for: query) == index.termStatistics(for: query))
        }
        #expect(loaded.search("iso/iec 東京", k: 1).map(\.label) == [1])
        // A loaded index keeps working: replacing and removing documents.
        loaded.add(label: 1, text: "replaced")
        #expect(loaded.search("27001", k: 1).isEmpty)
        #expect(loaded.remove(label: 1))
        // Saving again replaces the file and leaves no temporary behind.
        try loaded.save(to: path)
        #expect(try BM25Index.load(from: path).count == index.count - 1)
        #expect(directoryEntries(directory.path) == ["lexical.snapshot"])
    }

    @Test func emptyIndexRoundTrips() throws {
        let directory = TemporaryDirectory(prefix: "ragd-bm25")
        defer { directory.remove() }
        try BM25Index().save(to: directory.path + "/empty")
        let loaded = try BM25Index.load(from: directory.path + "/empty")
        #expect(loaded.count == 0)
        #expect(loaded.search("anything", k: 3).isEmpty)
    }

    @Test func missingFileAndUnwritableDirectoryAreIOErrors() {
        #expect(throws: SnapshotError.io(operation: "open", path: "/nonexistent/lexical", errno: ENOENT)) {
            try BM25Index.load(from: "/nonexistent/lexical")
        }
        let error = #expect(throws: SnapshotError.self) { try BM25Index().save(to: "/nonexistent/dir/lexical") }
        guard case .io(operation: "open", _, errno: ENOENT)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test func truncatedFilesAreReportedAsTruncated() throws {
        let bytes = try snapshotBytes()
        for length in [0, 3, 8, 12, 19, 20, 40, bytes.count / 2, bytes.count - 1] {
            #expect(throws: SnapshotError.truncated(expectedBytes: length < SnapshotCodec.fixedHeaderBytes
                                                        ? 52 : UInt64(bytes.count),
                                                    actualBytes: UInt64(length))) {
                try SnapshotCodec.decode(Array(bytes.prefix(length)))
            }
        }
    }

    @Test func damagedHeadersAndContentAreRejected() throws {
        let bytes = try snapshotBytes()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        let mismatch = #expect(throws: SnapshotError.self) { try SnapshotCodec.decode(flipped) }
        if case .checksumMismatch? = mismatch {} else { Issue.record("unexpected \(String(describing: mismatch))") }
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: SnapshotError.notASnapshot) { try SnapshotCodec.decode(magic) }
        #expect(throws: SnapshotError.notASnapshot) { try SnapshotCodec.decode(Array("hello, world".utf8)) }
        var version = bytes
        version[8] = 2
        #expect(throws: SnapshotError.unsupportedVersion(2)) { try SnapshotCodec.decode(version) }
        #expect(throws: SnapshotError.analyzerChanged(stored: 99, current: Analyzer.rulesVersion)) {
            try SnapshotCodec.decode(resealed(bytes) { $0[20] = 99 })
        }
        #expect(throws: SnapshotError.corrupt("unknown analyzer flags \(UInt32(bytes[24] | 0x80))")) {
            try SnapshotCodec.decode(resealed(bytes) { $0[24] |= 0x80 })
        }
        // Document count 0xFFFFFFxx: more records than bytes.
        #expect(throws: SnapshotError.corrupt("document count too large")) {
            try SnapshotCodec.decode(resealed(bytes) { $0[41] = 0xFF; $0[42] = 0xFF; $0[43] = 0xFF })
        }
        // The second document claims the first one's label.
        #expect(throws: SnapshotError.corrupt("label 10 stored twice")) {
            try SnapshotCodec.decode(resealed(bytes) { bytes in
                for offset in 0..<8 { bytes[60 + offset] = bytes[48 + offset] }
            })
        }
    }

    @Test func resealedRandomDamageNeverCrashes() throws {
        let bytes = try snapshotBytes()
        var generator = SplitMix64(seed: 5)
        var rejected = 0
        for _ in 0..<500 {
            let damaged = resealed(bytes) { bytes in
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    let offset = Int.random(in: 20..<(bytes.count - 4), using: &generator)
                    bytes[offset] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            do {
                let (_, _, storage) = try SnapshotCodec.decode(damaged)
                #expect(storage.labels.count == storage.liveCount)
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 100)  // most damage breaks the structure; the rest changes values only
    }

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8), 0..<9) == 0xCBF4_3926)
        #expect(CRC32.checksum([], 0..<0) == 0)
    }

    /// A snapshot of a small index with at least two documents.
    private func snapshotBytes() throws -> [UInt8] {
        let index = BM25Index()
        index.add(label: 10, text: "alpha beta gamma PPR-9087")
        index.add(label: 20, text: "beta gamma delta")
        index.add(label: 30, text: "gamma epsilon")
        return index.withStorage {
            SnapshotCodec.encode(options: index.analyzer.options, parameters: index.parameters, storage: $0)
        }
    }

    /// `bytes` changed by `damage` with the length and checksum fixed up, so only the structural checks can object.
    private func resealed(_ bytes: [UInt8], _ damage: (inout [UInt8]) -> Void) -> [UInt8] {
        var damaged = bytes
        damage(&damaged)
        let crc = CRC32.checksum(damaged, 0..<(damaged.count - 4))
        for index in 0..<4 { damaged[damaged.count - 4 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
        return damaged
    }

    private func directoryEntries(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
