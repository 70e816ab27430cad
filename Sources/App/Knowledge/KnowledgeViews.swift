import Ingest
import JSON
import Store

/// Knowledge bases, documents, chunks and jobs as the API shows them. Optional fields are present as null rather
/// than absent, so every object of a kind has the same shape.
enum KnowledgeViews {
    static func knowledgeBase(_ kb: KnowledgeBaseRecord, stats: KnowledgeBaseStats) -> JSONValue {
        [
            "id": .string(kb.id),
            "name": .string(kb.name),
            "description": .string(kb.description),
            "config": KnowledgeBaseConfig.stored(kb.config).json,
            "stats": [
                "documents": .number(Double(stats.documents)), "chunks": .number(Double(stats.chunks)),
                "tokens": .number(Double(stats.tokens)), "bytes": .number(Double(stats.bytes)),
            ],
            "created_at": time(kb.createdAt),
            "updated_at": time(kb.updatedAt),
        ]
    }

    static func document(_ document: DocumentRecord) -> JSONValue {
        [
            "id": .string(document.id),
            "kb_id": .string(document.kbID),
            "title": .string(document.title),
            "filename": optional(document.filename),
            "content_type": optional(document.contentType ?? document.declaredType),
            "declared_content_type": optional(document.declaredType),
            "bytes": .number(Double(document.bytes)),
            "pages": document.pages.map { .number(Double($0)) } ?? .null,
            "status": .string(document.status),
            "error": error(document.errorCode, document.errorMessage),
            "metadata": mergedMetadata(document),
            "chunks": .number(Double(document.chunkCount)),
            "tokens": .number(Double(document.tokenCount)),
            "external_id": optional(document.externalID),
            "content_sha256": .string(document.contentSHA256),
            "version": .number(Double(document.version)),
            "created_at": time(document.createdAt),
            "updated_at": time(document.updatedAt),
        ]
    }

    /// What the document says about itself (title, author, dates, language, pages, format) with the caller's
    /// metadata over it: the caller's values win.
    static func mergedMetadata(_ document: DocumentRecord) -> JSONValue {
        var members = JSONParser.parse(document.documentMetadata)?.members ?? []
        for (key, value) in JSONParser.parse(document.metadata)?.members ?? [] {
            members.removeAll { $0.key == key }
            members.append((key, value))
        }
        return .object(members)
    }

    static func chunk(_ chunk: ChunkRecord) -> JSONValue {
        [
            "id": .string(chunk.id),
            "document_id": .string(chunk.documentID),
            "index": .number(Double(chunk.index)),
            "text": .string(chunk.text),
            "page": chunk.page.map { .number(Double($0)) } ?? .null,
            "page_end": chunk.pageEnd.map { .number(Double($0)) } ?? .null,
            "section_path": JSONParser.parse(chunk.sectionPath) ?? [],
            "start_offset": .number(Double(chunk.startOffset)),
            "end_offset": .number(Double(chunk.endOffset)),
            "role": .string(chunk.role),
            "parent_id": optional(chunk.parentID),
            "token_count": .number(Double(chunk.tokenCount)),
        ]
    }

    /// Stages in the order a document goes through them.
    static let stages = ["queued", "partition", "chunk", "embed", "done"]

    static func job(_ job: JobRecord, tasks: [JobTaskRecord]) -> JSONValue {
        let finished = tasks.filter { ["done", "failed", "canceled"].contains($0.status) }.count
        let running = tasks.filter { $0.status == "running" }
        let stage: String
        if job.finishedAt != nil {
            stage = "done"
        } else if let earliest = running.map(\.stage).min(by: { rank($0) < rank($1) }) {
            stage = earliest
        } else {
            stage = "queued"
        }
        let documents: [JSONValue] = tasks.map { task in
            [
                "id": .string(task.documentID),
                "status": .string(documentStatus(task.status)),
                "progress": ["stage": .string(task.stage), "done": .number(Double(task.done)),
                             "total": .number(Double(task.total))],
                "attempts": .number(Double(task.attempts)),
                "error": task.status == "done" ? .null : error(task.errorCode, task.errorMessage),
            ]
        }
        return [
            "id": .string(job.id),
            "kind": .string(job.kind),
            "kb_id": .string(job.kbID),
            "status": .string(job.status),
            "progress": ["stage": .string(stage), "done": .number(Double(finished)), "total": .number(Double(tasks.count))],
            "documents": .array(documents),
            "error": error(job.errorCode, job.errorMessage),
            "created_at": time(job.createdAt),
            "started_at": job.startedAt.map(time) ?? .null,
            "finished_at": job.finishedAt.map(time) ?? .null,
        ]
    }

    /// A task's status in the vocabulary of documents.
    private static func documentStatus(_ taskStatus: String) -> String {
        switch taskStatus {
        case "running": "processing"
        case "done": "ready"
        default: taskStatus
        }
    }

    private static func rank(_ stage: String) -> Int { stages.firstIndex(of: stage) ?? 0 }

    private static func error(_ code: String?, _ message: String?) -> JSONValue {
        guard let code else { return .null }
        return ["code": .string(code), "message": .string(message ?? "")]
    }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    private static func time(_ milliseconds: Int64) -> JSONValue { .string(Timestamp.format(milliseconds: milliseconds)) }
}
