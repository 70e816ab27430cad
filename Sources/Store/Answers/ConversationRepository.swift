/// A conversation: its owner (the user or API key that started it) and the knowledge bases it asked.
package struct ConversationRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var principalID: String
    /// The first question, shortened: what a list shows.
    package var title: String
    /// JSON array of knowledge-base ids.
    package var kbIDs: String
    package var createdAt: Int64
    package var updatedAt: Int64

    package init(id: String, orgID: String, principalID: String, title: String, kbIDs: String, createdAt: Int64,
                 updatedAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.principalID = principalID
        self.title = title
        self.kbIDs = kbIDs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    static let columns = "id, org_id, principal_id, title, kb_ids, created_at, updated_at"

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), principalID: try row.get(2), title: try row.get(3),
                  kbIDs: try row.get(4), createdAt: try row.get(5), updatedAt: try row.get(6))
    }
}

/// Conversations of one organization. A conversation is private to its principal: every statement filters on the
/// organization and the principal, so one user never reads or continues another's thread.
package enum ConversationRepository {
    package static func insert(_ conversation: ConversationRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(conversation.orgID == org.rawValue, "conversation created in another organization")
        try db.run("""
            INSERT INTO conversations (\(ConversationRecord.columns), activity) VALUES (?, ?, ?, ?, ?, ?, ?, \(nextActivity))
            """, [conversation.id, org.rawValue, conversation.principalID, conversation.title, conversation.kbIDs,
                 conversation.createdAt, conversation.updatedAt, org.rawValue, conversation.principalID])
    }

    package static func find(_ id: String, principal: String, in org: OrgID, on db: SQLiteConnection) throws
        -> ConversationRecord? {
        try db.queryOne("""
            SELECT \(ConversationRecord.columns) FROM conversations WHERE org_id = ? AND principal_id = ? AND id = ?
            """, [org.rawValue, principal, id], row: ConversationRecord.init(row:))
    }

    /// One more than the highest `activity` among a principal's conversations (org and principal bound after).
    private static let nextActivity = """
        (SELECT coalesce(max(activity), 0) + 1 FROM conversations WHERE org_id = ? AND principal_id = ?)
        """

    /// The principal's conversations, most recently active first (`activity` orders them and is the cursor).
    package static func list(principal: String, in org: OrgID, before: Int64?, limit: Int,
                             on db: SQLiteConnection) throws -> Page<ConversationRecord> {
        let rows = try db.query("""
            SELECT \(ConversationRecord.columns), activity FROM conversations
            WHERE org_id = ? AND principal_id = ? AND activity < ? ORDER BY activity DESC LIMIT ?
            """, [org.rawValue, principal, before ?? Int64.max, limit + 1]) { row in
            (position: try row.get(7) as Int64, item: try ConversationRecord(row: row))
        }
        return Page(fetched: rows, limit: limit)
    }

    /// Marks the conversation as active now: it moves to the top of its principal's list.
    package static func touch(_ id: String, at time: Int64, in org: OrgID, on db: SQLiteConnection) throws {
        try db.run("""
            UPDATE conversations SET updated_at = ?, activity =
                (SELECT max(mine.activity) + 1 FROM conversations AS mine
                 WHERE mine.org_id = conversations.org_id AND mine.principal_id = conversations.principal_id)
            WHERE org_id = ? AND id = ?
            """, [time, org.rawValue, id])
    }

    /// Deletes the conversations of every organization started before `cutoff` (Unix ms) and idle since, looking at
    /// up to `limit` of them in the order they were started, after row `after`; returns how many went and the row to
    /// go on after (nil when no conversation started before the cutoff is left). History retention, across
    /// organizations by age alone, after the queries: a conversation idle since the cutoff has no newer turn.
    package static func prune(idleBefore cutoff: Int64, after: Int64, limit: Int, on db: SQLiteConnection) throws
        -> (removed: Int, next: Int64?) {
        let rows = try db.query("""
            SELECT rowid, created_at, updated_at FROM conversations WHERE rowid > ? ORDER BY rowid LIMIT ?
            """, [after, limit]) { row in
            (rowid: try row.get(0, as: Int64.self), createdAt: try row.get(1, as: Int64.self),
             updatedAt: try row.get(2, as: Int64.self))
        }
        let started = rows.prefix { $0.createdAt < cutoff }
        var removed = 0
        for conversation in started where conversation.updatedAt < cutoff {
            removed += try db.run("DELETE FROM conversations WHERE rowid = ?", [conversation.rowid])
        }
        let done = started.count < rows.count || rows.count < limit
        return (removed, done ? nil : started.last?.rowid)
    }

    /// Deletes a conversation; false when it is not the principal's. Its turns stay in the query history (usage and
    /// cost are billed from it) with their questions, answers and citations erased, and their traces go.
    package static func delete(_ id: String, principal: String, in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        guard try db.queryOne("SELECT 1 FROM conversations WHERE org_id = ? AND principal_id = ? AND id = ?",
                              [org.rawValue, principal, id], row: { _ in true }) == true else { return false }
        try db.run("""
            DELETE FROM traces WHERE org_id = ? AND query_id IN
                (SELECT id FROM queries WHERE org_id = ? AND conversation_id = ?)
            """, [org.rawValue, org.rawValue, id])
        try db.run("""
            UPDATE queries SET query = '', standalone_query = '', answer = NULL, citations = '[]', feedback_comment = NULL
            WHERE org_id = ? AND conversation_id = ?
            """, [org.rawValue, id])
        return try db.run("DELETE FROM conversations WHERE org_id = ? AND id = ?", [org.rawValue, id]) == 1
    }
}
