/// One audit entry: who (actor) did what (action) to which object (target), from where, when.
package struct AuditRecord: Sendable, Equatable {
    /// Order of insertion; also the pagination position.
    package var sequence: Int64
    package var id: String
    package var orgID: String?
    package var actorType: String
    package var actorID: String?
    package var action: String
    package var targetType: String?
    package var targetID: String?
    package var clientIP: String?
    package var requestID: String?
    /// A JSON object with action-specific context (never secrets).
    package var details: String
    package var createdAt: Int64

    /// Creates a record; `sequence` is assigned by the database on insert.
    package init(id: String, orgID: String?, actorType: String, actorID: String?, action: String,
                 targetType: String? = nil, targetID: String? = nil, clientIP: String? = nil,
                 requestID: String? = nil, details: String = "{}", createdAt: Int64, sequence: Int64 = 0) {
        self.sequence = sequence
        self.id = id
        self.orgID = orgID
        self.actorType = actorType
        self.actorID = actorID
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.clientIP = clientIP
        self.requestID = requestID
        self.details = details
        self.createdAt = createdAt
    }

    static let columns = """
        id, org_id, actor_type, actor_id, action, target_type, target_id, client_ip, request_id, details, created_at
        """
}

/// The audit log. Entries are appended, never changed; an organization reads only its own.
package enum AuditLogRepository {
    /// Appends an entry for `org`, or for no organization when `org` is nil (e.g. a failed login for an unknown
    /// email, which belongs to no tenant).
    package static func append(_ entry: AuditRecord, in org: OrgID?, on db: SQLiteConnection) throws {
        precondition(entry.orgID == org?.rawValue, "audit entry written for another organization")
        try db.run("INSERT INTO audit_log (\(AuditRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [entry.id, org?.rawValue, entry.actorType, entry.actorID, entry.action, entry.targetType,
                    entry.targetID, entry.clientIP, entry.requestID, entry.details, entry.createdAt])
    }

    /// Entries of `org`, newest first, older than position `before`.
    package static func list(in org: OrgID, before: Int64?, limit: Int, on db: SQLiteConnection) throws
        -> Page<AuditRecord> {
        let rows = try db.query("""
            SELECT seq, \(AuditRecord.columns) FROM audit_log WHERE org_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?
            """, [org.rawValue, before ?? Int64.max, limit + 1]) { row in
            let sequence: Int64 = try row.get(0)
            let record = AuditRecord(
                id: try row.get(1), orgID: try row.get(2), actorType: try row.get(3), actorID: try row.get(4),
                action: try row.get(5), targetType: try row.get(6), targetID: try row.get(7),
                clientIP: try row.get(8), requestID: try row.get(9), details: try row.get(10),
                createdAt: try row.get(11), sequence: sequence)
            return (position: sequence, item: record)
        }
        return Page(fetched: rows, limit: limit)
    }
}
