/// An API key, known only by its SHA-256 and a display prefix.
package struct APIKeyRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var createdBy: String?
    package var name: String
    package var prefix: String
    package var keyHash: String
    package var scopes: [String]
    /// Knowledge bases the key is limited to; nil means every knowledge base of the organization.
    package var knowledgeBaseIDs: [String]?
    package var expiresAt: Int64?
    package var lastUsedAt: Int64?
    package var revokedAt: Int64?
    package var createdAt: Int64

    /// Creates a record.
    package init(id: String, orgID: String, createdBy: String?, name: String, prefix: String, keyHash: String,
                 scopes: [String], knowledgeBaseIDs: [String]?, expiresAt: Int64?, lastUsedAt: Int64? = nil,
                 revokedAt: Int64? = nil, createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.createdBy = createdBy
        self.name = name
        self.prefix = prefix
        self.keyHash = keyHash
        self.scopes = scopes
        self.knowledgeBaseIDs = knowledgeBaseIDs
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
    }

    static let columns = """
        id, org_id, created_by, name, prefix, key_hash, scopes, kb_ids, expires_at, last_used_at, revoked_at, created_at
        """

    init(row: Row) throws {
        let kbIDs: String? = try row.get(7)
        self.init(id: try row.get(0), orgID: try row.get(1), createdBy: try row.get(2), name: try row.get(3),
                  prefix: try row.get(4), keyHash: try row.get(5), scopes: Self.split(try row.get(6)),
                  knowledgeBaseIDs: kbIDs.map(Self.split), expiresAt: try row.get(8), lastUsedAt: try row.get(9),
                  revokedAt: try row.get(10), createdAt: try row.get(11))
    }

    /// Lists are stored comma-separated: scopes and ids are validated tokens without commas.
    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

/// API keys of one organization.
package enum APIKeyRepository {
    /// Stores a new key.
    package static func insert(_ key: APIKeyRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(key.orgID == org.rawValue, "key inserted into another organization")
        precondition(!(key.scopes + (key.knowledgeBaseIDs ?? [])).contains { $0.contains(",") })
        try db.run("INSERT INTO api_keys (\(APIKeyRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [key.id, org.rawValue, key.createdBy, key.name, key.prefix, key.keyHash,
                    key.scopes.joined(separator: ","), key.knowledgeBaseIDs?.joined(separator: ","), key.expiresAt,
                    key.lastUsedAt, key.revokedAt, key.createdAt])
    }

    /// Key `id` of `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> APIKeyRecord? {
        try db.queryOne("SELECT \(APIKeyRecord.columns) FROM api_keys WHERE org_id = ? AND id = ?",
                        [org.rawValue, id], row: APIKeyRecord.init)
    }

    /// Unrevoked keys of `org` in creation order — all of them, or only those created by `createdBy`.
    package static func list(in org: OrgID, createdBy: String?, after: Int64?, limit: Int,
                             on db: SQLiteConnection) throws -> Page<APIKeyRecord> {
        let rows = try db.query("""
            SELECT rowid, \(APIKeyRecord.columns) FROM api_keys
            WHERE org_id = ? AND revoked_at IS NULL AND (? IS NULL OR created_by = ?) AND rowid > ?
            ORDER BY rowid LIMIT ?
            """, [org.rawValue, createdBy, createdBy, after ?? 0, limit + 1]) { row in
            (position: try row.get(0, as: Int64.self), item: try APIKeyRecord(row: row.dropFirst()))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Revokes key `id` of `org`; true when this call revoked it.
    package static func revoke(_ id: String, in org: OrgID, now: Int64, on db: SQLiteConnection) throws -> Bool {
        try db.run("UPDATE api_keys SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL",
                   [now, org.rawValue, id]) == 1
    }

    /// Revokes every live key created by `userID` in `org` (the user left); returns their hashes.
    package static func revokeAll(createdBy userID: String, in org: OrgID, now: Int64,
                                  on db: SQLiteConnection) throws -> [String] {
        let hashes: [String] = try db.query("""
            SELECT key_hash FROM api_keys WHERE org_id = ? AND created_by = ? AND revoked_at IS NULL
            """, [org.rawValue, userID]) { try $0.get(0) }
        try db.run("UPDATE api_keys SET revoked_at = ? WHERE org_id = ? AND created_by = ? AND revoked_at IS NULL",
                   [now, org.rawValue, userID])
        return hashes
    }

    /// Live keys of `org`: in total and created by `userID`.
    package static func liveCounts(in org: OrgID, createdBy userID: String, on db: SQLiteConnection) throws
        -> (organization: Int, createdBy: Int) {
        try db.queryOne("""
            SELECT count(*), coalesce(sum(created_by = ?), 0) FROM api_keys WHERE org_id = ? AND revoked_at IS NULL
            """, [userID, org.rawValue]) { (try $0.get(0), try $0.get(1)) } ?? (0, 0)
    }

    /// Records that key `id` of `org` was used at `now`.
    package static func touch(_ id: String, in org: OrgID, now: Int64, on db: SQLiteConnection) throws {
        try db.run("UPDATE api_keys SET last_used_at = ? WHERE org_id = ? AND id = ?", [now, org.rawValue, id])
    }
}
