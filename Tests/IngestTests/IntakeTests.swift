@testable import Ingest
import Store
import Testing

@Suite("Intake", .serialized)
struct IntakeTests {
    @Test func newDocumentsAreQueuedWithOneTaskEach() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let receipt = try harness.ingest([try harness.stage("alpha"), try harness.stage("beta")], submit: false)
        #expect(receipt.documents.count == 2)
        #expect(receipt.documents.allSatisfy { $0.status == "queued" && !$0.deduplicated })
        #expect(receipt.tasks.map(\.documentID) == receipt.documents.map(\.id))
        #expect(receipt.unreferencedBlobs.isEmpty)
        #expect(try harness.job(receipt.job.id)?.status == "queued")
        let document = try #require(try harness.document(receipt.documents[0].id))
        #expect(document.version == 1)
        #expect(document.blobID == receipt.tasks[0].blobID)
    }

    @Test func identicalContentIsNotDuplicated() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        try harness.makeKnowledgeBase(kb: "kb_b")
        let first = try harness.ingest([try harness.stage("same text")], submit: false)
        let again = try harness.stage("same text")
        let second = try harness.ingest([again, try harness.stage("same text")], submit: false)
        #expect(second.documents.map(\.id) == [first.documents[0].id, first.documents[0].id])
        #expect(second.documents.allSatisfy { $0.deduplicated })
        #expect(second.unreferencedBlobs.count == 2)
        #expect(second.unreferencedBlobs.contains(again.blob.id))
        // The job lists the document once and waits for it: it is still queued under the first job.
        #expect(second.tasks.map(\.documentID) == [first.documents[0].id])
        #expect(second.tasks.first?.blobID == first.tasks[0].blobID)
        #expect(try harness.job(second.job.id)?.finishedAt == nil)
        // Once the document is ready, a duplicate's job is done at once.
        try harness.database.write { try $0.run("UPDATE documents SET status = 'ready'") }
        let third = try harness.ingest([try harness.stage("same text")], submit: false)
        #expect(third.tasks.isEmpty)
        let job = try #require(try harness.job(third.job.id))
        #expect(job.status == "succeeded" && job.finishedAt != nil, "nothing to do is done at once")
        #expect(try harness.tasks(third.job.id).map(\.status) == ["done"], "the job still lists its document")
        // Another knowledge base is another collection.
        let other = try harness.ingest([try harness.stage("same text")], kb: "kb_b", submit: false)
        #expect(!other.documents[0].deduplicated)
        #expect(try harness.count("SELECT count(*) FROM documents") == 2)
    }

    @Test func aDuplicateGainsTheExternalIDItLacked() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("body")], submit: false)
        let second = try harness.ingest([try harness.stage("body", externalID: "ext-1")], submit: false)
        #expect(second.documents[0].id == first.documents[0].id)
        #expect(try harness.document(first.documents[0].id)?.externalID == "ext-1")
        // A different external id with identical content is a document of its own.
        let third = try harness.ingest([try harness.stage("body", externalID: "ext-2")], submit: false)
        #expect(third.documents[0].id != first.documents[0].id)
        #expect(!third.documents[0].deduplicated)
    }

    @Test func theSameExternalIDMakesANewVersion() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("v1", externalID: "page-7", title: "Old")], submit: false)
        let id = first.documents[0].id
        let oldBlob = first.tasks[0].blobID
        let second = try harness.ingest([try harness.stage("v2", externalID: "page-7")], submit: false)
        #expect(second.documents[0].id == id)
        #expect(!second.documents[0].deduplicated)
        #expect(second.unreferencedBlobs == [oldBlob])
        let document = try #require(try harness.document(id))
        #expect(document.version == 2)
        #expect(document.blobID == second.tasks[0].blobID)
        #expect(document.title == "", "a new version's title comes from its own content unless given")
        // The first job's queued task was superseded, which finished that job.
        #expect(try harness.tasks(first.job.id).map(\.status) == ["canceled"])
        #expect(try harness.tasks(first.job.id)[0].errorCode == "superseded")
        #expect(try harness.job(first.job.id)?.status == "canceled")
    }

    @Test func aReadyDocumentKeepsItsVersionWhileTheNextIsPending() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("v1", externalID: "page", title: "Kept")], submit: false)
        let id = first.documents[0].id
        try harness.database.write { try $0.run("UPDATE documents SET status = 'ready'") }
        let second = try harness.ingest([try harness.stage("v2", externalID: "page")], submit: false)
        var document = try #require(try harness.document(id))
        #expect(document.status == "ready" && document.version == 1 && document.title == "Kept")
        #expect(document.blobID == first.tasks[0].blobID, "the served version stays")
        #expect(document.pendingBlobID == second.tasks[0].blobID)
        #expect(second.tasks[0].pending != nil)
        #expect(second.unreferencedBlobs.isEmpty)

        // A third version replaces the pending one; the served one is still untouched.
        let third = try harness.ingest([try harness.stage("v3", externalID: "page")], submit: false)
        document = try #require(try harness.document(id))
        #expect(document.pendingBlobID == third.tasks[0].blobID)
        #expect(third.unreferencedBlobs == [second.tasks[0].blobID])
        #expect(try harness.tasks(second.job.id).map(\.status) == ["canceled"])

        // Sending the served content again drops the pending version.
        let back = try harness.ingest([try harness.stage("v1", externalID: "page")], submit: false)
        #expect(back.documents[0].deduplicated)
        document = try #require(try harness.document(id))
        #expect(document.pendingBlobID == nil && document.version == 1)
        #expect(back.unreferencedBlobs.contains(third.tasks[0].blobID))
        #expect(try harness.tasks(third.job.id).map(\.status) == ["canceled"])
    }

    @Test func unchangedContentUnderItsExternalIDUpdatesOnlyDescriptions() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        let first = try harness.ingest([try harness.stage("text", externalID: "e", title: "One")], submit: false)
        var again = try harness.stage("text", externalID: "e", title: "Two")
        again.metadata = #"{"team":"x"}"#
        let second = try harness.ingest([again], submit: false)
        #expect(second.documents[0].deduplicated)
        #expect(second.tasks.count == 1, "waits for the document, still queued under the first job")
        let document = try #require(try harness.document(first.documents[0].id))
        #expect(document.version == 1)
        #expect(document.title == "Two")
        #expect(document.metadata == #"{"team":"x"}"#)
    }

    @Test func aMissingKnowledgeBaseRefusesEverything() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        #expect(throws: IntakeError.knowledgeBaseNotFound) {
            try harness.ingest([try harness.stage("x")], kb: "kb_missing", submit: false)
        }
        #expect(throws: IntakeError.knowledgeBaseNotFound) {
            try harness.ingest([try harness.stage("x", org: "org_b")], kb: "kb_a", org: "org_b", submit: false)
        }
        #expect(try harness.count("SELECT count(*) FROM documents") == 0)
        #expect(try harness.count("SELECT count(*) FROM jobs") == 0)
    }

    @Test func reindexQueuesReadyAndFailedDocuments() throws {
        let harness = try IngestHarness(start: false)
        try harness.makeKnowledgeBase()
        _ = try harness.ingest([try harness.stage("one"), try harness.stage("two"), try harness.stage("three")],
                               submit: false)
        try harness.database.write { db in
            try db.run("UPDATE documents SET status = 'ready' WHERE rowid = 1")
            try db.run("UPDATE documents SET status = 'failed' WHERE rowid = 2")
        }
        let time = harness.now
        let reindex = try harness.database.write { try Intake.reindex(kb: "kb_a", org: OrgID("org_a"), now: time, on: $0) }
        #expect(reindex?.tasks.count == 2)
        #expect(reindex?.job.kind == "reindex")
        let empty = try harness.database.write { db in
            try KnowledgeBaseRepository.insert(KnowledgeBaseRecord(id: "kb_e", orgID: "org_a", name: "e", description: "",
                                                                   config: "{}", createdAt: 0, updatedAt: 0),
                                               in: OrgID("org_a"), on: db)
            return try Intake.reindex(kb: "kb_e", org: OrgID("org_a"), now: time, on: db)
        }
        #expect(empty == nil)
    }
}
