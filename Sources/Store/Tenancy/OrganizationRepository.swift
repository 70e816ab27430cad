/// An organization: the tenant every other row belongs to.
package struct OrganizationRecord: Sendable, Equatable {
    package var id: String
    package var name: String
    package var tier: String
    package var createdAt: Int64

    /// Creates a record.
    package init(id: String, name: String, tier: String, createdAt: Int64) {
        self.id = id
        self.name = name
        self.tier = tier
        self.createdAt = createdAt
    }
}

/// What an organization has used: members and keys, what it stores, and its queries (today, UTC) and model tokens
/// and cost (this calendar month, UTC).
package struct OrganizationUsage: Sendable, Equatable {
    package var users = 0
    package var apiKeys = 0
    package var documents = 0
    package var chunks = 0
    package var queriesToday = 0
    package var tokensMonth = 0
    package var costUSDMonth = 0.0
}

/// Organizations. The organization's own id is its tenant key, so every statement filters on `id = ?`.
package enum OrganizationRepository {
    /// Creates an organization.
    package static func insert(_ organization: OrganizationRecord, on db: SQLiteConnection) throws {
        try db.run("INSERT INTO organizations (id, name, tier, created_at) VALUES (?, ?, ?, ?)",
                   [organization.id, organization.name, organization.tier, organization.createdAt])
    }

    /// The caller's organization.
    package static func find(_ org: OrgID, on db: SQLiteConnection) throws -> OrganizationRecord? {
        try db.queryOne("SELECT id, name, tier, created_at FROM organizations WHERE id = ?", [org.rawValue]) { row in
            OrganizationRecord(id: try row.get(0), name: try row.get(1), tier: try row.get(2), createdAt: try row.get(3))
        }
    }

    /// Counts of what `org` holds.
    /// `today` and `monthStart` are Unix milliseconds of midnight UTC today and on the first of this month.
    package static func usage(of org: OrgID, today: Int64, monthStart: Int64, on db: SQLiteConnection) throws
        -> OrganizationUsage {
        var usage = OrganizationUsage()
        usage.users = try db.queryOne("SELECT count(*) FROM users WHERE org_id = ?", [org.rawValue]) { try $0.get(0) } ?? 0
        usage.apiKeys = try db.queryOne("SELECT count(*) FROM api_keys WHERE org_id = ? AND revoked_at IS NULL",
                                        [org.rawValue]) { try $0.get(0) } ?? 0
        usage.documents = try db.queryOne("SELECT count(*) FROM documents WHERE org_id = ?", [org.rawValue]) {
            try $0.get(0)
        } ?? 0
        usage.chunks = try db.queryOne("SELECT coalesce(sum(chunk_count), 0) FROM documents WHERE org_id = ?",
                                       [org.rawValue]) { try $0.get(0) } ?? 0
        let (queries, tokens, cost) = try QueryRepository.usage(in: org, since: today, monthStart: monthStart, on: db)
        usage.queriesToday = queries
        usage.tokensMonth = tokens
        usage.costUSDMonth = cost
        return usage
    }
}
