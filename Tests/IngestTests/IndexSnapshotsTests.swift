#if canImport(Glibc)
import Glibc
#endif
import Embedding
@testable import Ingest
import Retrieval
import Store
import TestSupport
import Threading
import Testing
import VectorIndex

@Suite("Index snapshots: saved at shutdown, used only when current", .serialized)
struct IndexSnapshotsTests {
    let target = SearchIndexes.Target(kbID: "kb_a", org: OrgID("org_a"), model: "hash-384")

    /// What a restart builds over the harness's database and snapshot directory.
    func restarted(_ harness: IngestHarness) -> SearchIndexes {
        SearchIndexes(database: harness.database, snapshots: IndexSnapshots(directory: harness.directory.path + "/indexes"))
    }

    /// Hits as (label, document) pairs: labels tell a restored index (the original labels) from a rebuilt one.
    func lexical(_ indexes: SearchIndexes, _ query: String) throws -> [String] {
        try indexes.withSearchers([target], filter: SearchFilter()) { searchers in
            searchers[0].lexical(query, k: 10).map { "\($0.label):\(searchers[0].entry($0.label)?.documentID ?? "?")" }
        }
    }

    func dense(_ indexes: SearchIndexes, _ query: String) throws -> [String] {
        let vector = try HashEmbedder(dimensions: 384).embed([query])[0]
        return try indexes.withSearchers([target], filter: SearchFilter()) { searchers in
            searchers[0].dense(vector, k: 10).map { "\($0.label):\(searchers[0].entry($0.label)?.documentID ?? "?")" }
        }
    }

    func snapshotNames(_ harness: IngestHarness) -> [String] {
        IndexSnapshots.children(of: harness.directory.path + "/indexes/kb_a").filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The index's generation once it has caught up with SQLite's. A job reads as finished in SQLite a moment before
    /// the writer thread applies its last change to the loaded index, so tests that compare generations wait for it.
    func settledGeneration(_ harness: IngestHarness) throws -> Int64 {
        let deadline = MonotonicClock.now + 5_000_000_000
        while true {
            let stored = try harness.database.read {
                try KnowledgeBaseRepository.indexGeneration(of: "kb_a", in: OrgID("org_a"), on: $0)
            } ?? 0
            let live = try harness.indexes.index(target).generation
            if live == stored || MonotonicClock.now > deadline { return live }
            usleep(1_000)
        }
    }

    /// Three documents, one of them replaced, so the surviving labels are not 1…n (a rebuild would renumber them).
    func ingestWithGaps(_ harness: IngestHarness) throws -> Int64 {
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("Hemoglobin carries oxygen.", externalID: "a"),
                                        try harness.stage("Enzymes speed up reactions.", externalID: "b")])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        _ = try harness.indexes.index(target)
        let second = try harness.ingest([try harness.stage("Oxygen binds to iron in hemoglobin.", externalID: "a")])
        #expect(try harness.finished(second.job.id).status == "succeeded")
        return try settledGeneration(harness)
    }

    @Test func aCurrentSnapshotIsLoadedWithTheOriginalLabels() throws {
        let harness = try IngestHarness()
        let generation = try ingestWithGaps(harness)
        let lexicalBefore = try lexical(harness.indexes, "oxygen hemoglobin")
        let denseBefore = try dense(harness.indexes, "oxygen binds iron")
        #expect(harness.indexes.saveSnapshots().isEmpty)
        #expect(snapshotNames(harness) == ["g\(generation)"])

        let restored = restarted(harness)
        #expect(try lexical(restored, "oxygen hemoglobin") == lexicalBefore)
        #expect(try dense(restored, "oxygen binds iron") == denseBefore)
        #expect(try restored.index(target).generation == generation)
        // Without snapshots the labels are renumbered: proof that the restart above read the files.
        let rebuilt = SearchIndexes(database: harness.database)
        #expect(try lexical(rebuilt, "oxygen hemoglobin") != lexicalBefore)
        #expect(try lexical(rebuilt, "oxygen hemoglobin").map { $0.split(separator: ":")[1] }
                == lexicalBefore.map { $0.split(separator: ":")[1] })
        // Changes after a restore get labels above every restored one.
        let third = try harness.ingest([try harness.stage("Oxygen is a gas.", externalID: "c")])
        _ = try harness.finished(third.job.id)
        let fresh = try lexical(harness.indexes, "gas")
        #expect(fresh.count == 1)
    }

    @Test func aStaleSnapshotIsIgnoredAndDeleted() throws {
        let harness = try IngestHarness()
        let generation = try ingestWithGaps(harness)
        #expect(harness.indexes.saveSnapshots().isEmpty)
        let later = try harness.ingest([try harness.stage("Nitrogen is inert.", externalID: "n")])
        _ = try harness.finished(later.job.id)
        #expect(try settledGeneration(harness) > generation)

        let restored = restarted(harness)
        #expect(try lexical(restored, "nitrogen").count == 1)
        #expect(snapshotNames(harness).isEmpty)
        // Saving again replaces it with the current generation.
        #expect(restored.saveSnapshots().isEmpty)
        #expect(snapshotNames(harness) == ["g\(try restored.index(target).generation)"])
    }

    @Test(arguments: ["labels", "lexical.bm25", "vectors.hnsw"])
    func aDamagedSnapshotFallsBackToSQLite(file: String) throws {
        let harness = try IngestHarness()
        let generation = try ingestWithGaps(harness)
        let expected = try lexical(SearchIndexes(database: harness.database), "oxygen")
        #expect(harness.indexes.saveSnapshots().isEmpty)
        let path = harness.directory.path + "/indexes/kb_a/g\(generation)/" + file
        // Flip one byte in the middle of the file.
        let descriptor = open(path, O_RDWR)
        #expect(descriptor >= 0)
        var status = stat()
        fstat(descriptor, &status)
        var byte: UInt8 = 0
        #expect(pread(descriptor, &byte, 1, off_t(status.st_size / 2)) == 1)
        byte ^= 0x5A
        #expect(pwrite(descriptor, &byte, 1, off_t(status.st_size / 2)) == 1)
        close(descriptor)

        let restored = restarted(harness)
        #expect(try lexical(restored, "oxygen") == expected)
        #expect(snapshotNames(harness).isEmpty)
    }

    @Test func otherGraphParametersOrModelRebuild() throws {
        let harness = try IngestHarness()
        _ = try ingestWithGaps(harness)
        #expect(harness.indexes.saveSnapshots().isEmpty)
        let snapshots = IndexSnapshots(directory: harness.directory.path + "/indexes")
        let generation = try settledGeneration(harness)
        #expect(snapshots.load(kbID: "kb_a", model: "hash-384", generation: generation, hnsw: .init()) != nil)
        #expect(snapshots.load(kbID: "kb_a", model: "hash-384", generation: generation, hnsw: .init(m: 8)) == nil)
        #expect(snapshotNames(harness).isEmpty)
        #expect(harness.indexes.saveSnapshots().isEmpty == true)
        // Already saved at this generation before: nothing is on disk now, so it is written again.
        #expect(snapshotNames(harness) == ["g\(generation)"])
        #expect(snapshots.load(kbID: "kb_a", model: "hash-128", generation: generation, hnsw: .init()) == nil)
        #expect(snapshots.load(kbID: "../kb_a", model: "hash-384", generation: generation, hnsw: .init()) == nil)
    }

    @Test func deletingTheKnowledgeBaseDeletesItsSnapshot() throws {
        let harness = try IngestHarness()
        _ = try ingestWithGaps(harness)
        #expect(harness.indexes.saveSnapshots().isEmpty)
        #expect(!snapshotNames(harness).isEmpty)
        #expect(try harness.ingestion.delete(knowledgeBase: "kb_a", in: OrgID("org_a")))
        #expect(access(harness.directory.path + "/indexes/kb_a", F_OK) != 0)
    }

    @Test func labelTablesRoundTripAndRefuseEveryDamage() throws {
        let table = LabelTable(model: "all-MiniLM-L6-v2", generation: 42, entries: [
            3: .init(chunkID: "chk_1", documentID: "doc_1", hasVector: true),
            9: .init(chunkID: "chk_2", documentID: "doc_é", hasVector: false),
        ])
        let bytes = table.encoded()
        #expect(try LabelTable(decoding: bytes) == table)
        for length in 0..<bytes.count {
            #expect(throws: LabelTable.Damaged.self) { try LabelTable(decoding: Array(bytes.prefix(length))) }
        }
        for position in 0..<bytes.count {
            var damaged = bytes
            damaged[position] ^= 0x01
            #expect(throws: LabelTable.Damaged.self) { try LabelTable(decoding: damaged) }
        }
    }
}
