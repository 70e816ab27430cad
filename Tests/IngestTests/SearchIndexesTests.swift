import Embedding
@testable import Ingest
import JSON
import Retrieval
import Store
import TestSupport
import Testing

@Suite("Search indexes kept in step with SQLite", .serialized)
struct SearchIndexesTests {
    let target = SearchIndexes.Target(kbID: "kb_a", org: OrgID("org_a"), model: "hash-384")

    func lexical(_ indexes: SearchIndexes, _ query: String, filter: SearchFilter = SearchFilter(),
                 target: SearchIndexes.Target? = nil) throws -> [String] {
        try indexes.withSearchers([target ?? self.target], filter: filter) { searchers in
            searchers[0].lexical(query, k: 10).compactMap { searchers[0].entry($0.label)?.documentID }
        }
    }

    func dense(_ indexes: SearchIndexes, _ query: String) throws -> [String] {
        let vector = try HashEmbedder(dimensions: 384).embed([query])[0]
        return try indexes.withSearchers([target], filter: SearchFilter()) { searchers in
            searchers[0].dense(vector, k: 10).compactMap { searchers[0].entry($0.label)?.documentID }
        }
    }

    @Test func aColdLoadAndLaterCommitsAgree() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("Hemoglobin carries oxygen in the blood."),
                                        try harness.stage("Enzymes speed up chemical reactions.")])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        // Not loaded until first use: the load reads what was committed.
        #expect(try lexical(harness.indexes, "oxygen") == [first.documents[0].id])
        #expect(try dense(harness.indexes, "enzymes reactions").first == first.documents[1].id)
        // Later commits reach the loaded index before the job is reported finished.
        let second = try harness.ingest([try harness.stage("Oxygen binds to iron.", externalID: "iron")])
        #expect(try harness.finished(second.job.id).status == "succeeded")
        #expect(Set(try lexical(harness.indexes, "oxygen")) == [first.documents[0].id, second.documents[0].id])
        // A new version replaces the old chunks; a fresh load from SQLite agrees with the updated index.
        let third = try harness.ingest([try harness.stage("Nitrogen is inert.", externalID: "iron")])
        #expect(try harness.finished(third.job.id).status == "succeeded")
        #expect(try lexical(harness.indexes, "oxygen") == [first.documents[0].id])
        #expect(try lexical(harness.indexes, "nitrogen") == [second.documents[0].id])
        let fresh = SearchIndexes(database: harness.database)
        #expect(try lexical(fresh, "oxygen") == [first.documents[0].id])
        #expect(try lexical(fresh, "nitrogen") == [second.documents[0].id])
        #expect(try harness.indexes.index(target).generation == (try fresh.index(target).generation))
        #expect(try harness.indexes.index(target).count == (try fresh.index(target).count))
    }

    @Test func deletesLeaveBothIndexesBeforeReturning() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage("Photosynthesis needs light."),
                                          try harness.stage("Light travels fast.")])
        _ = try harness.finished(receipt.job.id)
        #expect(try lexical(harness.indexes, "light").count == 2)
        #expect(try harness.ingestion.delete(document: receipt.documents[0].id, in: OrgID("org_a")))
        #expect(try lexical(harness.indexes, "light") == [receipt.documents[1].id])
        #expect(try !dense(harness.indexes, "photosynthesis light").contains(receipt.documents[0].id))
        #expect(try harness.ingestion.delete(knowledgeBase: "kb_a", in: OrgID("org_a")))
        // The knowledge base is gone: a later load finds nothing.
        #expect(try lexical(harness.indexes, "light").isEmpty)
    }

    @Test func stateChangesAreAppliedOnceAndInGenerationOrder() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let index = try harness.indexes.index(target)
        let document = SearchableDocument(id: "doc_x", externalID: nil, createdAt: 0, metadata: "{}", documentMetadata: "{}")
        let chunk = SearchableChunk(id: "chk_x", documentID: "doc_x", index: 0, text: "quartz crystal", embeddingModel: nil,
                                    embedding: nil)
        harness.indexes.documentChanged(document, chunks: [chunk], kb: "kb_a", org: "org_a", generation: index.generation + 1)
        // The same change again (a replay after a racing load) and an older one are both ignored.
        harness.indexes.documentChanged(document, chunks: [chunk, chunk], kb: "kb_a", org: "org_a",
                                        generation: index.generation)
        harness.indexes.documentRemoved("doc_x", kb: "kb_a", org: "org_a", generation: index.generation - 1)
        #expect(index.count == 1)
        #expect(try lexical(harness.indexes, "quartz") == ["doc_x"])
        harness.indexes.documentRemoved("doc_x", kb: "kb_a", org: "org_a", generation: index.generation + 1)
        #expect(try lexical(harness.indexes, "quartz").isEmpty)
    }

    @Test func filtersAdmitOnlyMatchingDocuments() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([
            try harness.stage("Quarterly revenue grew.", metadata: #"{"team":"finance","year":2026}"#),
            try harness.stage("Quarterly hiring slowed.", metadata: #"{"team":"hr","year":2025}"#),
        ])
        _ = try harness.finished(receipt.job.id)
        func filter(_ text: String) throws -> SearchFilter {
            try SearchFilter.parse(JSONParser.parse(Array(text.utf8)), time: { _ in nil })
        }
        #expect(try lexical(harness.indexes, "quarterly", filter: filter(#"{"metadata.team":"hr"}"#))
                == [receipt.documents[1].id])
        #expect(try lexical(harness.indexes, "quarterly", filter: filter(#"{"metadata.year":{"$gte":2026}}"#))
                == [receipt.documents[0].id])
        #expect(try lexical(harness.indexes, "quarterly",
                            filter: filter(#"{"document_id":"\#(receipt.documents[0].id)"}"#)) == [receipt.documents[0].id])
        #expect(try lexical(harness.indexes, "quarterly", filter: filter(#"{"metadata.team":"legal"}"#)).isEmpty)
        // The format found in the file is filterable too.
        #expect(try lexical(harness.indexes, "quarterly", filter: filter(#"{"metadata.format":"text"}"#)).count == 2)
    }

    @Test func anotherEmbeddingModelRebuildsTheDenseIndex() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage("Volcanoes erupt lava.")])
        _ = try harness.finished(receipt.job.id)
        #expect(try harness.indexes.index(target).model == "hash-384")
        // Queried for another model (the config changed; the re-index has not run): lexical still answers, dense
        // finds no vectors of that model.
        let other = SearchIndexes.Target(kbID: "kb_a", org: OrgID("org_a"), model: "hash-128")
        #expect(try lexical(harness.indexes, "lava", target: other) == [receipt.documents[0].id])
        let vector = try HashEmbedder(dimensions: 128).embed(["lava"])[0]
        let dense = try harness.indexes.withSearchers([other], filter: SearchFilter()) { $0[0].dense(vector, k: 5) }
        #expect(dense.isEmpty)
    }
}
