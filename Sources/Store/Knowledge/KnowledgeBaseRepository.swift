/// A knowledge base. `config` is its effective configuration as JSON (chunking, embedding, retrieval, generation).
package struct KnowledgeBaseRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var name: String
    package var description: String
    package var config: String
    package var createdAt: Int64
    package var updatedAt: Int64

    /// Creates a record.
    package init(id: String, orgID: String, name: String, description: String, config: String, createdAt: Int64,
                 updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.name = name
        self.description = description
        self.config = config
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    static let columns = "id, org_id, name, description, config, created_at, updated_at"

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), name: try row.get(2), description: try row.get(3),
                  config: try row.get(4), createdAt: try row.get(5), updatedAt: try row.get(6))
    }
}

/// What a knowledge base holds.
package struct KnowledgeBaseStats: Sendable, Equatable {
    package var documents = 0
    package var chunks = 0
    package var tokens = 0
    package var bytes = 0

    package init(documents: Int = 0, chunks: Int = 0, tokens: Int = 0, bytes: Int = 0) {
        self.documents = documents
        self.chunks = chunks
        self.tokens = tokens
        self.bytes = bytes
    }
}

/// Knowledge bases of one organization.
package enum KnowledgeBaseRepository {
    /// Creates a knowledge base; a duplicate name in the organization is a constraint violation.
    package static func insert(_ kb: KnowledgeBaseRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(kb.orgID == org.rawValue, "knowledge base inserted into another organization")
        try db.run("INSERT INTO knowledge_bases (\(KnowledgeBaseRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [kb.id, org.rawValue, kb.name, kb.description, kb.config, kb.createdAt, kb.updatedAt])
    }

    /// Records a change to the chunks of knowledge base `id` and returns its new index generation. Call it in the
    /// transaction that changes them.
    package static func advanceIndexGeneration(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> Int64 {
        try db.queryOne("""
            UPDATE knowledge_bases SET index_generation = index_generation + 1 WHERE org_id = ? AND id = ?
            RETURNING index_generation
            """, [org.rawValue, id]) { try $0.get(0) } ?? 0
    }

    /// The index generation of knowledge base `id`, nil when it does not exist.
    package static func indexGeneration(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> Int64? {
        try db.queryOne("SELECT index_generation FROM knowledge_bases WHERE org_id = ? AND id = ?", [org.rawValue, id]) {
            try $0.get(0)
        }
    }

    /// Knowledge base `id` of `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> KnowledgeBaseRecord? {
        try db.queryOne("SELECT \(KnowledgeBaseRecord.columns) FROM knowledge_bases WHERE org_id = ? AND id = ?",
                        [org.rawValue, id], row: KnowledgeBaseRecord.init)
    }

    /// Knowledge base `id` of `org` with its index generation, in one read (a query needs both).
    package static func findWithGeneration(_ id: String, in org: OrgID, on db: SQLiteConnection) throws
        -> (record: KnowledgeBaseRecord, generation: Int64)? {
        try db.queryOne("""
            SELECT \(KnowledgeBaseRecord.columns), index_generation FROM knowledge_bases WHERE org_id = ? AND id = ?
            """, [org.rawValue, id]) { (try KnowledgeBaseRecord(row: $0), try $0.get(7)) }
    }

    /// Every knowledge base of every organization, oldest first: for start-up work (loading search indexes), never
    /// for anything a request sees.
    package static func acrossOrganizations(on db: SQLiteConnection) throws -> [KnowledgeBaseRecord] {
        try db.query("SELECT \(KnowledgeBaseRecord.columns) FROM knowledge_bases ORDER BY rowid", [],
                     row: KnowledgeBaseRecord.init)
    }

    /// Knowledge bases of `org` in creation order, optionally only `ids`.
    package static func list(in org: OrgID, after: Int64?, limit: Int, on db: SQLiteConnection) throws
        -> Page<KnowledgeBaseRecord> {
        let rows = try db.query("""
            SELECT rowid, \(KnowledgeBaseRecord.columns) FROM knowledge_bases WHERE org_id = ? AND rowid > ?
            ORDER BY rowid LIMIT ?
            """, [org.rawValue, after ?? 0, limit + 1]) { row in
            (position: try row.get(0, as: Int64.self), item: try KnowledgeBaseRecord(row: row.dropFirst()))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Replaces name, description and config of `id`; false when there is no such knowledge base.
    package static func update(_ kb: KnowledgeBaseRecord, in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        try db.run("""
            UPDATE knowledge_bases SET name = ?, description = ?, config = ?, updated_at = ? WHERE org_id = ? AND id = ?
            """, [kb.name, kb.description, kb.config, kb.updatedAt, org.rawValue, kb.id]) == 1
    }

    /// Deletes `id` with its documents, chunks, vectors and jobs (foreign keys cascade); false when absent.
    package static func delete(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        try db.run("DELETE FROM knowledge_bases WHERE org_id = ? AND id = ?", [org.rawValue, id]) == 1
    }

    /// Counts of what `id` holds (ready documents only for tokens; every stored original for bytes).
    package static func stats(of id: String, in org: OrgID, on db: SQLiteConnection) throws -> KnowledgeBaseStats {
        try db.queryOne("""
            SELECT count(*), coalesce(sum(chunk_count), 0), coalesce(sum(token_count), 0), coalesce(sum(bytes), 0)
            FROM documents WHERE org_id = ? AND kb_id = ?
            """, [org.rawValue, id]) { row in
            KnowledgeBaseStats(documents: try row.get(0), chunks: try row.get(1), tokens: try row.get(2),
                               bytes: try row.get(3))
        } ?? KnowledgeBaseStats()
    }

    /// Ids of `org`'s knowledge bases among `ids` (to check a key's or a query's knowledge bases exist).
    package static func existing(_ ids: [String], in org: OrgID, on db: SQLiteConnection) throws -> Set<String> {
        var found = Set<String>()
        for id in ids where try find(id, in: org, on: db) != nil { found.insert(id) }
        return found
    }
}
