#if canImport(Glibc)
import Glibc
#endif
import Embedding
@testable import Ingest
import JSON
import Store
import Synchronization
import TestSupport
import Testing

@Suite("Ingestion pipeline", .serialized)
struct IngestionTests {
    static let article = """
        # Proteins

        Proteins fold into shapes that decide what they do. Misfolded proteins cause disease.

        ## Enzymes

        Enzymes speed up reactions. They are proteins too, and most work only in a narrow range of temperatures.

        ## Transport

        Hemoglobin carries oxygen in the blood. Its four subunits cooperate when they bind oxygen.
        """

    @Test func documentsBecomeReadyWithTheirChunks() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0]])
        let receipt = try harness.ingest([try harness.stage(Self.article, filename: "notes.md")])
        let job = try harness.finished(receipt.job.id)
        #expect(job.status == "succeeded")
        let document = try #require(try harness.document(receipt.documents[0].id))
        #expect(document.status == "ready")
        #expect(document.contentType == "text/markdown")
        #expect(document.title == "Proteins")
        let chunks = try harness.chunks(document.id)
        #expect(chunks.count == document.chunkCount)
        #expect(chunks.count >= 3)
        #expect(chunks.map(\.index) == Array(0..<chunks.count))
        #expect(Set(chunks.map(\.id)).count == chunks.count)
        #expect(chunks.allSatisfy { $0.embedding?.count == 384 && $0.embeddingModel == "hash-384" })
        #expect(chunks.contains { $0.sectionPath.contains("Enzymes") })
        #expect(document.tokenCount == chunks.reduce(0) { $0 + $1.tokenCount })
        let metadata = try #require(JSONParser.parse(document.documentMetadata))
        #expect(metadata["format"] == "markdown")
        #expect(try harness.tasks(job.id).map(\.status) == ["done"])
    }

    @Test func parentChildChunksLinkToTheirParents() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase(config: [
            "chunking": ["strategy": "parent_child", "chunk_size": 16, "chunk_overlap": 0, "parent_chunk_size": 48],
        ])
        let receipt = try harness.ingest([try harness.stage(String(repeating: Self.article + "\n\n", count: 3))])
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        let chunks = try harness.chunks(receipt.documents[0].id)
        let parents = chunks.filter { $0.role == "parent" }
        let children = chunks.filter { $0.role == "child" }
        #expect(!parents.isEmpty && children.count > parents.count)
        #expect(parents.allSatisfy { $0.embedding == nil }, "parents are context, not searched")
        let parentIDs = Set(parents.map(\.id))
        #expect(children.allSatisfy { $0.parentID.map(parentIDs.contains) == true && $0.embedding != nil })
    }

    @Test func aNewVersionReembedsOnlyChangedChunks() throws {
        let embedder = FlakyEmbedder(failures: 0)
        let harness = try IngestHarness(embedders: { _, _ in embedder })
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0],
                                               "embedding": ["model": "hash-64"]])
        let first = try harness.ingest([try harness.stage(Self.article, externalID: "doc-1")])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        let id = first.documents[0].id
        let before = try harness.chunks(id)
        let embeddedFirst = embedder.texts.load(ordering: .relaxed)
        #expect(embeddedFirst == before.count)

        let edited = Self.article.replacing("Hemoglobin carries oxygen", with: "Myoglobin stores oxygen")
        let second = try harness.ingest([try harness.stage(edited, externalID: "doc-1")])
        #expect(second.documents[0].id == id)
        #expect(try harness.finished(second.job.id).status == "succeeded")
        let after = try harness.chunks(id)
        let reembedded = embedder.texts.load(ordering: .relaxed) - embeddedFirst
        let changed = after.filter { chunk in !before.contains { $0.contentHash == chunk.contentHash } }.count
        #expect(changed >= 1)
        #expect(reembedded == changed, "only the changed chunks were embedded again")
        #expect(try harness.document(id)?.version == 2)
        #expect(after.contains { $0.text.contains("Myoglobin") })
        #expect(!after.contains { $0.text.contains("Hemoglobin") }, "old chunks are gone")
        #expect(try harness.count("SELECT count(*) FROM chunks WHERE document_id = ?", [id]) == after.count)
    }

    @Test func transientFailuresAreRetriedWithBackoff() throws {
        let embedder = FlakyEmbedder(failures: 2)
        let harness = try IngestHarness(embedders: { _, _ in embedder })
        try harness.makeKnowledgeBase(config: ["embedding": ["model": "hash-64"]])
        let receipt = try harness.ingest([try harness.stage("A short note about enzymes.")])
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        let task = try #require(try harness.tasks(receipt.job.id).first)
        #expect(task.attempts == 3)
        #expect(task.status == "done")
        #expect(try harness.document(receipt.documents[0].id)?.status == "ready")
        #expect(harness.ingestion.counters.retried == 2)
    }

    @Test func transientFailuresGiveUpAfterTheLastAttempt() throws {
        let embedder = FlakyEmbedder(failures: 100)
        let harness = try IngestHarness(embedders: { _, _ in embedder }) { $0.maxAttempts = 2 }
        try harness.makeKnowledgeBase(config: ["embedding": ["model": "hash-64"]])
        let receipt = try harness.ingest([try harness.stage("A short note.")])
        let job = try harness.finished(receipt.job.id)
        #expect(job.status == "failed")
        #expect(job.errorCode == "provider_timeout")
        #expect(try harness.tasks(job.id).first?.attempts == 2)
        #expect(embedder.calls.load(ordering: .relaxed) == 2)
    }

    @Test func permanentFailuresAreNotRetried() throws {
        let embedder = FlakyEmbedder(failures: 100, transient: false)
        let harness = try IngestHarness(embedders: { _, _ in embedder })
        try harness.makeKnowledgeBase(config: ["embedding": ["model": "hash-64"]])
        let receipt = try harness.ingest([try harness.stage("A short note.")])
        let job = try harness.finished(receipt.job.id)
        #expect(job.status == "failed")
        #expect(try harness.tasks(job.id).first?.attempts == 1)
        let document = try #require(try harness.document(receipt.documents[0].id))
        #expect(document.status == "failed" && document.errorCode == "provider_timeout")
    }

    @Test func badInputsFailTheirOwnDocumentOnly() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        var nested = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        nested += ""
        let cases: [(StagedDocument, String)] = [
            (try harness.stage(bytes: []), "empty_document"),
            (try harness.stage(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 64),
                               filename: "photo.png", type: "image/png"), "unsupported_format"),
            (try harness.stage(nested, filename: "deep.json", type: "application/json"), "nesting_limit"),
            (try harness.stage(bytes: Array("%PDF-1.7\n1 0 obj\n<< /Type /Catalog".utf8), filename: "cut.pdf"), ""),
            (try harness.stage("   \n\n  \t ", filename: "blank.txt"), ""),
        ]
        let good = try harness.stage(Self.article, filename: "good.md")
        var receipts: [IntakeReceipt] = []
        for (staged, _) in cases { receipts.append(try harness.ingest([staged])) }
        let goodReceipt = try harness.ingest([good])
        for (receipt, (_, code)) in zip(receipts, cases) {
            let job = try harness.finished(receipt.job.id)
            #expect(job.status == "failed", "\(code): \(job.status)")
            if !code.isEmpty { #expect(job.errorCode == code) }
            #expect(job.errorCode?.isEmpty == false && job.errorMessage?.isEmpty == false)
            #expect(try harness.document(receipt.documents[0].id)?.status == "failed")
        }
        #expect(try harness.finished(goodReceipt.job.id).status == "succeeded")
        #expect(try harness.count("SELECT count(*) FROM chunks WHERE document_id IN (SELECT id FROM documents WHERE status = 'failed')") == 0)
    }

    @Test func cancelingAQueuedJobCancelsItsDocuments() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage("one"), try harness.stage("two")])
        let canceled = try #require(try harness.ingestion.cancel(job: receipt.job.id, in: OrgID("org_a")))
        #expect(canceled.status == "canceled")
        #expect(canceled.cancelRequested)
        #expect(try harness.tasks(receipt.job.id).allSatisfy { $0.status == "canceled" })
        for document in receipt.documents { #expect(try harness.document(document.id)?.status == "canceled") }
        // The canceled tasks never run, even if a worker finds them queued in memory.
        try harness.ingestion.start()
        usleepMillis(100)
        #expect(try harness.count("SELECT count(*) FROM chunks") == 0)
        #expect(try harness.ingestion.cancel(job: "job_missing", in: OrgID("org_a")) == nil)
        #expect(try harness.ingestion.cancel(job: receipt.job.id, in: OrgID("org_b")) == nil, "another tenant's job")
    }

    @Test func cancelingARunningJobStopsIt() throws {
        let embedder = GatedEmbedder()
        let harness = try IngestHarness(workers: 1, embedders: { _, _ in embedder }) { $0.embedBatch = 1 }
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0],
                                               "embedding": ["model": "hash-64"]])
        let receipt = try harness.ingest([try harness.stage(Self.article)])
        #expect(eventually(5) { embedder.started.load(ordering: .relaxed) > 0 })
        _ = try harness.ingestion.cancel(job: receipt.job.id, in: OrgID("org_a"))
        embedder.gate.open(100)
        let job = try harness.finished(receipt.job.id)
        #expect(embedder.started.load(ordering: .relaxed) < 3, "the cancel stopped the embedding batches")
        #expect(job.status == "canceled")
        #expect(try harness.document(receipt.documents[0].id)?.status == "canceled")
        #expect(try harness.chunks(receipt.documents[0].id).isEmpty)
    }

    @Test func deletingADocumentOrAKnowledgeBaseRemovesEverything() throws {
        let harness = try IngestHarness()
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage(Self.article), try harness.stage("second document")])
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        let first = receipt.documents[0].id
        let blob = try #require(try harness.document(first)).blobID
        #expect(try harness.ingestion.delete(document: first, in: OrgID("org_b")) == false, "another tenant's")
        #expect(try harness.ingestion.delete(document: first, in: OrgID("org_a")))
        #expect(try harness.document(first) == nil)
        #expect(try harness.chunks(first).isEmpty)
        #expect(access(harness.directory.path + "/blobs/\(blob).blob", F_OK) != 0)
        #expect(try harness.ingestion.delete(document: first, in: OrgID("org_a")) == false)

        #expect(try harness.ingestion.delete(knowledgeBase: "kb_a", in: OrgID("org_a")))
        for table in ["documents", "chunks", "jobs", "job_tasks"] {
            #expect(try harness.count("SELECT count(*) FROM \(table)") == 0, "\(table) left behind")
        }
        let remaining = Subprocess.run("/bin/ls", [harness.directory.path + "/blobs"], input: []).output
        #expect(!remaining.contains(".blob"), "blobs left behind: \(remaining)")
    }

    @Test func aRestartResumesInterruptedWorkWithoutDuplicates() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0]])
        let receipt = try harness.ingest([try harness.stage(Self.article), try harness.stage("Another document.")],
                                         submit: false)
        // The state a kill -9 can leave: a task running with half its chunks written, its document processing, and a
        // blob whose upload never committed.
        let interrupted = receipt.tasks[0]
        try harness.database.write { db in
            try db.run("UPDATE job_tasks SET status = 'running', attempts = 1 WHERE job_id = ? AND document_id = ?",
                       [interrupted.jobID, interrupted.documentID])
            try db.run("UPDATE documents SET status = 'processing' WHERE id = ?", [interrupted.documentID])
            try db.run("UPDATE jobs SET status = 'running' WHERE id = ?", [interrupted.jobID])
            try ChunkRepository.replace(document: interrupted.documentID, with: [
                ChunkRecord(id: DocumentProcessor.chunkID(document: interrupted.documentID, index: 0, hash: "x"),
                            orgID: "org_a", kbID: "kb_a", documentID: interrupted.documentID, index: 0, text: "partial",
                            contentHash: "x", tokenCount: 1, page: nil, pageEnd: nil, sectionPath: "[]", startOffset: 0,
                            endOffset: 7, role: "chunk", parentIndex: nil, embeddingModel: nil, embedding: nil),
            ], in: OrgID("org_a"), on: db)
        }
        let orphan = try harness.blobs.store(Array("never committed".utf8), organization: "org_a")
        harness.makeIngestion()
        try harness.ingestion.start()
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        #expect(access(harness.directory.path + "/blobs/\(orphan.id).blob", F_OK) != 0, "orphan blob removed")
        let chunks = try harness.chunks(interrupted.documentID)
        #expect(!chunks.contains { $0.text == "partial" })
        #expect(chunks.map(\.index) == Array(0..<chunks.count))
        #expect(try harness.count("SELECT count(*) FROM (SELECT document_id, idx FROM chunks GROUP BY 1, 2 HAVING count(*) > 1)") == 0)
        #expect(try harness.tasks(receipt.job.id).allSatisfy { $0.status == "done" })
    }
}

extension IngestionTests {
    @Test func aFailedOrCanceledUpdateLeavesTheServedVersion() throws {
        let embedder = GatedEmbedder()
        embedder.gate.open(1000)
        let harness = try IngestHarness(workers: 1, embedders: { _, _ in embedder }) { $0.embedBatch = 1 }
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0],
                                               "embedding": ["model": "hash-64"]])
        let first = try harness.ingest([try harness.stage(Self.article, externalID: "doc")])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        let id = first.documents[0].id
        let served = try #require(try harness.document(id))
        let servedChunks = try harness.chunks(id)

        // A broken new version fails its job; the document stays ready with its chunks.
        let broken = try harness.ingest([try harness.stage(bytes: [], externalID: "doc")])
        let failed = try harness.finished(broken.job.id)
        #expect(failed.status == "failed" && failed.errorCode == "empty_document")
        var document = try #require(try harness.document(id))
        #expect(document.status == "ready" && document.version == 1 && document.pendingBlobID == nil)
        #expect(document.blobID == served.blobID)
        #expect(try harness.chunks(id) == servedChunks)
        // The broken version's blob is deleted once its failure has committed (a moment after the job reads failed).
        #expect(eventually(5) { access(harness.directory.path + "/blobs/\(broken.tasks[0].blobID).blob", F_OK) != 0 })

        // A canceled new version (stopped while embedding) leaves it too.
        let gated = GatedEmbedder()
        harness.makeIngestion(embedders: { _, _ in gated })
        try harness.ingestion.start()
        let update = try harness.ingest([try harness.stage(Self.article + "\n\nA new closing paragraph.", externalID: "doc")])
        #expect(eventually(5) { gated.started.load(ordering: .relaxed) > 0 })
        _ = try harness.ingestion.cancel(job: update.job.id, in: OrgID("org_a"))
        gated.gate.open(1000)
        #expect(try harness.finished(update.job.id).status == "canceled")
        document = try #require(try harness.document(id))
        #expect(document.status == "ready" && document.version == 1 && document.pendingBlobID == nil)
        #expect(try harness.chunks(id) == servedChunks)
    }

    @Test func cancelingAReindexKeepsDocumentsReady() throws {
        let gated = GatedEmbedder()
        let harness = try IngestHarness(workers: 1, embedders: { _, _ in gated }) { $0.embedBatch = 1 }
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0],
                                               "embedding": ["model": "hash-64"]])
        gated.gate.open(1000)
        let first = try harness.ingest([try harness.stage(Self.article)])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        let id = first.documents[0].id
        let before = try harness.chunks(id)
        let gate = GatedEmbedder()
        harness.makeIngestion(embedders: { _, _ in gate })
        try harness.ingestion.start()
        try harness.database.write { db in
            let config = try KnowledgeBaseConfig().applying(["chunking": ["chunk_size": 24, "chunk_overlap": 0],
                                                             "embedding": ["model": "hash-64"]])
            try db.run("UPDATE knowledge_bases SET config = ?", [config.json.serializedText])
        }
        let time = harness.now
        let reindex = try #require(try harness.database.write { try Intake.reindex(kb: "kb_a", org: OrgID("org_a"), now: time, on: $0) })
        harness.ingestion.submit(reindex.tasks)
        #expect(eventually(5) { gate.started.load(ordering: .relaxed) > 0 })
        _ = try harness.ingestion.cancel(job: reindex.job.id, in: OrgID("org_a"))
        gate.gate.open(1000)
        #expect(try harness.finished(reindex.job.id).status == "canceled")
        let document = try #require(try harness.document(id))
        #expect(document.status == "ready")
        #expect(try harness.chunks(id) == before)
    }

    @Test func aConfigChangeDuringProcessingRunsTheTaskAgain() throws {
        let gated = GatedEmbedder()
        let harness = try IngestHarness(workers: 1, embedders: { _, _ in gated }) { $0.embedBatch = 1 }
        try harness.makeKnowledgeBase(config: ["chunking": ["chunk_size": 16, "chunk_overlap": 0],
                                               "embedding": ["model": "hash-64"]])
        let receipt = try harness.ingest([try harness.stage(Self.article)])
        #expect(eventually(5) { gated.started.load(ordering: .relaxed) > 0 })
        try harness.database.write { db in
            let config = try KnowledgeBaseConfig().applying(["chunking": ["chunk_size": 48, "chunk_overlap": 0],
                                                             "embedding": ["model": "hash-64"]])
            try db.run("UPDATE knowledge_bases SET config = ?", [config.json.serializedText])
        }
        gated.gate.open(10_000)
        #expect(try harness.finished(receipt.job.id).status == "succeeded")
        let chunks = try harness.chunks(receipt.documents[0].id)
        #expect(chunks.contains { $0.tokenCount > 16 }, "written under the new config, not the one it started with")
        #expect(try harness.tasks(receipt.job.id).first?.attempts == 1, "a rerun is not a failed attempt")
    }

    @Test func aDocumentThatKeepsKillingTheProcessIsGivenUp() throws {
        let harness = try IngestHarness(start: false) { $0.maxAttempts = 3 }
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage(Self.article)], submit: false)
        // Three claims that never finished: the process died each time.
        try harness.database.write { try $0.run("UPDATE job_tasks SET status = 'running', attempts = 3") }
        try harness.ingestion.start()
        let job = try harness.finished(receipt.job.id)
        #expect(job.status == "failed" && job.errorCode == "processing_interrupted")
        #expect(try harness.document(receipt.documents[0].id)?.status == "failed")
    }

    @Test func aDuplicateUploadIsProcessedIfTheFirstJobIsCanceled() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage(Self.article)])
        let second = try harness.ingest([try harness.stage(Self.article)])
        #expect(second.documents[0].deduplicated && second.documents[0].id == first.documents[0].id)
        _ = try harness.ingestion.cancel(job: first.job.id, in: OrgID("org_a"))
        #expect(try harness.document(first.documents[0].id)?.status == "queued", "the second job still wants it")
        try harness.ingestion.start()
        #expect(try harness.finished(second.job.id).status == "succeeded")
        #expect(try harness.document(first.documents[0].id)?.status == "ready")
        #expect(try harness.job(first.job.id)?.status == "canceled")
    }

    @Test func aDuplicateOfADocumentBeingProcessedWaitsForIt() throws {
        let embedder = FlakyEmbedder(failures: 0)
        let harness = try IngestHarness(workers: 2, embedders: { _, _ in embedder })
        try harness.makeKnowledgeBase(config: ["embedding": ["model": "hash-64"]])
        let first = try harness.ingest([try harness.stage(Self.article)])
        let second = try harness.ingest([try harness.stage(Self.article)])
        #expect(try harness.finished(first.job.id).status == "succeeded")
        #expect(try harness.finished(second.job.id).status == "succeeded")
        #expect(embedder.calls.load(ordering: .relaxed) == 1, "processed once for both jobs")
    }
}

/// Blocks each embedding call until the gate opens, counting calls that started.
final class GatedEmbedder: Embedder {
    let gate = Gate()
    let started = Atomic<Int>(0)
    var model: String { "hash-64" }
    var dimensions: Int { 64 }

    func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        started.add(1, ordering: .relaxed)
        gate.wait()
        return try HashEmbedder(dimensions: 64).embed(texts)
    }
}
