import Embedding
@testable import Ingest
import Retrieval
import Store
import TestSupport
import Testing
import Threading

@Suite("Vector index compaction after deletes", .serialized)
struct IndexCompactionTests {
    @Test func deletesPastTheThresholdAreCompactedInTheBackgroundAndSearchStaysRight() throws {
        let threshold = 24
        let harness = try IngestHarness(compactionMinimumTombstones: threshold)
        try harness.makeKnowledgeBase()
        let target = SearchIndexes.Target(kbID: "kb_a", org: OrgID("org_a"), model: "hash-384")
        let count = threshold * 3
        let staged = try (0..<count).map { try harness.stage("Document \($0) about topic \($0 % 7) and item \($0).") }
        let receipt = try harness.ingest(staged)
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        let index = try harness.indexes.index(target)
        #expect(index.vectorTombstones == (0, count))

        // Delete just enough documents to pass both thresholds; the last delete queues the compaction.
        let doomed = receipt.documents.prefix(threshold).map(\.id)
        for id in doomed { _ = try harness.ingestion.delete(document: id, in: OrgID("org_a")) }
        #expect(eventually(20) { harness.indexes.compactionCount >= 1 && index.vectorTombstones.tombstones == 0 },
                "\(index.vectorTombstones)")
        #expect(index.vectorTombstones.nodes == count - doomed.count)

        // Every remaining document is still found by its own text, and no deleted one comes back.
        let survivors = receipt.documents.dropFirst(doomed.count).map(\.id)
        let vector = try HashEmbedder(dimensions: 384).embed(["Document \(count - 1) about topic \((count - 1) % 7) and item \(count - 1)."])[0]
        let found = try harness.indexes.withSearchers([target], filter: SearchFilter()) { searchers in
            searchers[0].dense(vector, k: 10).compactMap { searchers[0].entry($0.label)?.documentID }
        }
        #expect(found.first == survivors.last)
        #expect(Set(found).isDisjoint(with: Set(doomed)))
        harness.indexes.shutdown()
    }
}
