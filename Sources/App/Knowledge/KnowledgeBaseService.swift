import Crypto
import Ingest
import JSON
import Server
import Store

/// Knowledge bases: create, list, read with stats, update (a chunking or embedding change re-indexes in the
/// background), delete with everything in them. API keys limited to some knowledge bases see only those.
final class KnowledgeBaseService: Sendable {
    let database: Database
    let ingestion: Ingestion
    /// The config a new knowledge base starts from (configs/ragd.yaml `knowledge_base_defaults`).
    let defaults: KnowledgeBaseConfig
    /// Remote embedding providers the server is configured for (others are refused in a config).
    let remoteEmbedding: Set<String>
    private let now: @Sendable () -> Int64

    init(database: Database, ingestion: Ingestion, defaults: KnowledgeBaseConfig, remoteEmbedding: Set<String> = [],
         now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.ingestion = ingestion
        self.defaults = defaults
        self.remoteEmbedding = remoteEmbedding
        self.now = now
    }

    /// Whether `caller` may see knowledge base `id`.
    func isVisible(_ id: String, to caller: Caller) throws -> Bool {
        guard caller.canAccess(knowledgeBase: id) else { return false }
        return try database.read { try KnowledgeBaseRepository.find(id, in: caller.org, on: $0) } != nil
    }

    func create(_ caller: Caller, body: JSONBody) throws -> KnowledgeBaseRecord {
        let name = try Self.name(try body.string("name", required: true) ?? "")
        let description = try Self.description(try body.string("description") ?? "")
        let config = try Self.config(defaults, patch: body.value("config"), remoteEmbedding: remoteEmbedding)
        let time = now()
        let record = KnowledgeBaseRecord(id: RecordID.make(prefix: "kb_"), orgID: caller.org.rawValue, name: name,
                                         description: description, config: config.json.serializedText,
                                         createdAt: time, updatedAt: time)
        try database.write { db in
            try db.transaction(.immediate) {
                do {
                    try KnowledgeBaseRepository.insert(record, in: caller.org, on: db)
                } catch let error as SQLiteError where error.isConstraintViolation {
                    throw Self.nameTaken(name)
                }
                try AuditTrail.record(.knowledgeBaseCreated, by: .of(caller), in: caller.org,
                                      target: ("knowledge_base", record.id), client: ClientInfo(caller),
                                      details: ["name": name], now: time, on: db)
            }
        }
        return record
    }

    func list(_ caller: Caller, _ page: Pagination) throws -> (items: [(KnowledgeBaseRecord, KnowledgeBaseStats)], next: Int64?) {
        try database.read { db in
            let found = try KnowledgeBaseRepository.list(in: caller.org, after: page.position, limit: page.limit, on: db)
            let visible = found.items.filter { caller.canAccess(knowledgeBase: $0.id) }
            return (try visible.map { ($0, try KnowledgeBaseRepository.stats(of: $0.id, in: caller.org, on: db)) },
                    found.next)
        }
    }

    func find(_ caller: Caller, id: String) throws -> (KnowledgeBaseRecord, KnowledgeBaseStats) {
        try database.read { db in
            guard let kb = try KnowledgeBaseRepository.find(id, in: caller.org, on: db) else { throw Self.notFound }
            return (kb, try KnowledgeBaseRepository.stats(of: id, in: caller.org, on: db))
        }
    }

    /// Applies a PATCH; returns the knowledge base and the re-index job it started, if the change needs one.
    func update(_ caller: Caller, id: String, body: JSONBody) throws -> (KnowledgeBaseRecord, JobRecord?) {
        let name = try body.string("name").map(Self.name)
        let description = try body.string("description").map(Self.description)
        let patch = body.value("config")
        let time = now()
        let (record, reindex): (KnowledgeBaseRecord, (job: JobRecord, tasks: [JobTaskRecord])?) = try database.write { db in
            try db.transaction(.immediate) {
                guard var kb = try KnowledgeBaseRepository.find(id, in: caller.org, on: db) else { throw Self.notFound }
                let old = KnowledgeBaseConfig.stored(kb.config)
                let config = try Self.config(old, patch: patch, remoteEmbedding: remoteEmbedding)
                kb.name = name ?? kb.name
                kb.description = description ?? kb.description
                kb.config = config.json.serializedText
                kb.updatedAt = time
                do {
                    _ = try KnowledgeBaseRepository.update(kb, in: caller.org, on: db)
                } catch let error as SQLiteError where error.isConstraintViolation {
                    throw Self.nameTaken(kb.name)
                }
                let reindex = config.needsReindex(comparedTo: old)
                    ? try Intake.reindex(kb: id, org: caller.org, now: time, on: db) : nil
                var details = ["fields": body.members.keys.sorted().joined(separator: ",")]
                if let reindex { details["reindex_job_id"] = reindex.job.id }
                try AuditTrail.record(.knowledgeBaseUpdated, by: .of(caller), in: caller.org,
                                      target: ("knowledge_base", id), client: ClientInfo(caller), details: details,
                                      now: time, on: db)
                return (kb, reindex)
            }
        }
        if let reindex { ingestion.submit(reindex.tasks) }
        return (record, reindex?.job)
    }

    func delete(_ caller: Caller, id: String) throws {
        let time = now()
        let deleted = try ingestion.delete(knowledgeBase: id, in: caller.org) { db in
            try AuditTrail.record(.knowledgeBaseDeleted, by: .of(caller), in: caller.org,
                                  target: ("knowledge_base", id), client: ClientInfo(caller), now: time, on: db)
        }
        guard deleted else { throw Self.notFound }
    }

    // MARK: Validation

    static let notFound = HTTPError(.notFound, code: "not_found", message: "No such knowledge base.")

    static func nameTaken(_ name: String) -> HTTPError {
        HTTPError(.conflict, code: "name_taken", message: "A knowledge base named '\(name)' already exists.",
                  details: ["field": "name"])
    }

    static func name(_ raw: String) throws(HTTPError) -> String {
        let name = try Validation.name(raw, field: "name")
        guard !name.isEmpty else {
            throw HTTPError(.badRequest, code: "invalid_name", message: "name is required.", details: ["field": "name"])
        }
        return name
    }

    static func description(_ raw: String) throws(HTTPError) -> String {
        let text = raw.trimmingWhitespace
        guard text.unicodeScalars.count <= 2000,
              !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" })
        else {
            throw HTTPError(.badRequest, code: "invalid_description",
                            message: "description must be at most 2,000 characters without control characters.",
                            details: ["field": "description"])
        }
        return text
    }

    /// `base` with `patch` applied; a problem is a 400 naming the field.
    static func config(_ base: KnowledgeBaseConfig, patch: JSONValue?, remoteEmbedding: Set<String> = [])
        throws(HTTPError) -> KnowledgeBaseConfig {
        guard let patch else { return base }
        do {
            return try base.applying(patch, remoteEmbedding: remoteEmbedding)
        } catch {
            throw HTTPError(.badRequest, code: "invalid_config", message: error.message, details: ["field": error.field])
        }
    }
}
