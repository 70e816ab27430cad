/// A user account. `role` is one of owner, admin, member, viewer (checked by the schema).
package struct UserRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var email: String
    package var name: String
    package var role: String
    package var passwordHash: String
    package var disabled: Bool
    package var createdAt: Int64
    package var updatedAt: Int64

    /// Creates a record.
    package init(id: String, orgID: String, email: String, name: String, role: String, passwordHash: String,
                 disabled: Bool, createdAt: Int64, updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    static let columns = "id, org_id, email, name, role, password_hash, disabled, created_at, updated_at"

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), email: try row.get(2), name: try row.get(3),
                  role: try row.get(4), passwordHash: try row.get(5), disabled: try row.get(6),
                  createdAt: try row.get(7), updatedAt: try row.get(8))
    }
}

/// What an update may change; nil fields stay as they are.
package struct UserChanges: Sendable, Equatable {
    package var name: String?
    package var role: String?
    package var disabled: Bool?

    /// Creates a change set.
    package init(name: String? = nil, role: String? = nil, disabled: Bool? = nil) {
        self.name = name
        self.role = role
        self.disabled = disabled
    }
}

/// Users of one organization.
package enum UserRepository {
    /// Creates `user` in `org` (the record's own org id must be `org`).
    package static func insert(_ user: UserRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(user.orgID == org.rawValue, "user inserted into another organization")
        try db.run("INSERT INTO users (\(UserRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [user.id, org.rawValue, user.email, user.name, user.role, user.passwordHash, user.disabled,
                    user.createdAt, user.updatedAt])
    }

    /// The user `id` if it belongs to `org`.
    package static func find(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> UserRecord? {
        try db.queryOne("SELECT \(UserRecord.columns) FROM users WHERE org_id = ? AND id = ?", [org.rawValue, id],
                        row: UserRecord.init)
    }

    /// Users of `org` in creation order, after position `after`.
    package static func list(in org: OrgID, after: Int64?, limit: Int, on db: SQLiteConnection) throws
        -> Page<UserRecord> {
        let rows = try db.query("""
            SELECT rowid, \(UserRecord.columns) FROM users WHERE org_id = ? AND rowid > ? ORDER BY rowid LIMIT ?
            """, [org.rawValue, after ?? 0, limit + 1]) { row in
            (position: try row.get(0, as: Int64.self), item: try UserRecord(row: row.dropFirst()))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Applies `changes` to user `id` of `org`; the updated record, or nil when there is no such user.
    package static func update(_ id: String, in org: OrgID, changes: UserChanges, now: Int64,
                               on db: SQLiteConnection) throws -> UserRecord? {
        try db.run("""
            UPDATE users SET name = coalesce(?, name), role = coalesce(?, role), disabled = coalesce(?, disabled),
                updated_at = ? WHERE org_id = ? AND id = ?
            """, [changes.name, changes.role, changes.disabled, now, org.rawValue, id])
        return try find(id, in: org, on: db)
    }

    /// Replaces the password hash of user `id` of `org`; false when there is no such user.
    package static func setPasswordHash(_ hash: String, of id: String, in org: OrgID, now: Int64,
                                        on db: SQLiteConnection) throws -> Bool {
        try db.run("UPDATE users SET password_hash = ?, updated_at = ? WHERE org_id = ? AND id = ?",
                   [hash, now, org.rawValue, id]) == 1
    }

    /// Deletes user `id` of `org` (their sessions go with them); false when there is no such user.
    package static func delete(_ id: String, in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        try db.run("DELETE FROM users WHERE org_id = ? AND id = ?", [org.rawValue, id]) == 1
    }

    /// How many enabled users of `org` hold `role` (the last owner may not be removed or demoted).
    package static func count(role: String, in org: OrgID, on db: SQLiteConnection) throws -> Int {
        try db.queryOne("SELECT count(*) FROM users WHERE org_id = ? AND role = ? AND disabled = 0",
                        [org.rawValue, role]) { try $0.get(0) } ?? 0
    }
}
