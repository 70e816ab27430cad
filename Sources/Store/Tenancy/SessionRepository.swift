/// A login session: the family of refresh tokens issued from one sign-in.
package struct SessionRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var userID: String
    package var createdAt: Int64
    package var expiresAt: Int64
    package var revokedAt: Int64?
    package var revokedReason: String?
    package var clientIP: String?

    /// Creates a record.
    package init(id: String, orgID: String, userID: String, createdAt: Int64, expiresAt: Int64,
                 revokedAt: Int64? = nil, revokedReason: String? = nil, clientIP: String? = nil) {
        self.id = id
        self.orgID = orgID
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.revokedReason = revokedReason
        self.clientIP = clientIP
    }

    static let columns = "id, org_id, user_id, created_at, expires_at, revoked_at, revoked_reason, client_ip"

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), userID: try row.get(2), createdAt: try row.get(3),
                  expiresAt: try row.get(4), revokedAt: try row.get(5), revokedReason: try row.get(6),
                  clientIP: try row.get(7))
    }
}

/// A refresh token, known only by its SHA-256.
package struct RefreshTokenRecord: Sendable, Equatable {
    package var tokenHash: String
    package var sessionID: String
    package var orgID: String
    package var createdAt: Int64
    package var expiresAt: Int64
    package var spentAt: Int64?

    /// Creates a record.
    package init(tokenHash: String, sessionID: String, orgID: String, createdAt: Int64, expiresAt: Int64,
                 spentAt: Int64? = nil) {
        self.tokenHash = tokenHash
        self.sessionID = sessionID
        self.orgID = orgID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.spentAt = spentAt
    }

    static let columns = "token_hash, session_id, org_id, created_at, expires_at, spent_at"

    init(row: Row) throws {
        self.init(tokenHash: try row.get(0), sessionID: try row.get(1), orgID: try row.get(2),
                  createdAt: try row.get(3), expiresAt: try row.get(4), spentAt: try row.get(5))
    }
}

/// Sessions and their refresh tokens, within one organization.
package enum SessionRepository {
    /// Records a new session.
    package static func insert(_ session: SessionRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(session.orgID == org.rawValue, "session inserted into another organization")
        try db.run("INSERT INTO sessions (\(SessionRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [session.id, org.rawValue, session.userID, session.createdAt, session.expiresAt, session.revokedAt,
                    session.revokedReason, session.clientIP])
    }

    /// Session `id` of `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> SessionRecord? {
        try db.queryOne("SELECT \(SessionRecord.columns) FROM sessions WHERE org_id = ? AND id = ?",
                        [org.rawValue, id], row: SessionRecord.init)
    }

    /// Revokes session `id` of `org` unless already revoked; true when this call revoked it.
    package static func revoke(_ id: String, in org: OrgID, reason: String, now: Int64,
                               on db: SQLiteConnection) throws -> Bool {
        let revoked = try db.run("""
            UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL
            """, [now, reason, org.rawValue, id]) == 1
        if revoked {
            try db.run("INSERT OR IGNORE INTO session_revocations (session_id, org_id, revoked_at) VALUES (?, ?, ?)",
                       [id, org.rawValue, now])
        }
        return revoked
    }

    /// Revokes every live session of user `userID` in `org` except `keep`; returns the ids it revoked.
    package static func revokeAll(ofUser userID: String, in org: OrgID, except keep: String?, reason: String,
                                  now: Int64, on db: SQLiteConnection) throws -> [String] {
        let ids: [String] = try db.query("""
            SELECT id FROM sessions WHERE org_id = ? AND user_id = ? AND revoked_at IS NULL AND id != ?
            """, [org.rawValue, userID, keep ?? ""]) { try $0.get(0) }
        for id in ids { _ = try revoke(id, in: org, reason: reason, now: now, on: db) }
        return ids
    }

    /// Stores a new refresh token of session `sessionID`.
    package static func insertRefreshToken(_ token: RefreshTokenRecord, in org: OrgID, on db: SQLiteConnection)
        throws {
        precondition(token.orgID == org.rawValue, "refresh token inserted into another organization")
        try db.run("INSERT INTO refresh_tokens (\(RefreshTokenRecord.columns)) VALUES (?, ?, ?, ?, ?, ?)",
                   [token.tokenHash, token.sessionID, org.rawValue, token.createdAt, token.expiresAt, token.spentAt])
    }

    /// Marks a refresh token spent if it was not already; true when this call spent it. The `spent_at IS NULL`
    /// guard makes two concurrent refreshes with the same token succeed at most once.
    package static func spendRefreshToken(_ tokenHash: String, in org: OrgID, now: Int64,
                                          on db: SQLiteConnection) throws -> Bool {
        try db.run("""
            UPDATE refresh_tokens SET spent_at = ? WHERE org_id = ? AND token_hash = ? AND spent_at IS NULL
            """, [now, org.rawValue, tokenHash]) == 1
    }
}
