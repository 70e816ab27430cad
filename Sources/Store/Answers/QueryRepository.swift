/// One query as history keeps it: what was asked (and the standalone form retrieval used), what was answered with
/// which citations, by which provider, model and prompt version, at what cost and latency.
package struct QueryRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    /// The user or API key that asked.
    package var principalID: String
    package var conversationID: String?
    /// JSON array of knowledge-base ids.
    package var kbIDs: String
    package var query: String
    package var standaloneQuery: String
    package var answer: String?
    /// JSON array of the citations as the response gave them (without chunk text).
    package var citations: String
    package var provider: String
    package var model: String
    package var promptName: String?
    package var promptVersion: Int?
    package var promptTokens: Int
    package var completionTokens: Int
    package var costUSD: Double
    package var latencyMilliseconds: Double
    /// `miss`, `exact` or `semantic`.
    package var cache: String
    /// Share of the answer's markers that pointed at a retrieved source (nil without an answer).
    package var citationAccuracy: Double?
    /// `succeeded`, `failed` or `canceled`.
    package var status: String
    package var errorCode: String?
    package var traceID: String
    package var requestID: String
    package var feedbackRating: Int?
    package var feedbackComment: String?
    package var createdAt: Int64
    /// Order of insertion; the pagination position.
    package var sequence: Int64 = 0

    package init(id: String, orgID: String, principalID: String, conversationID: String?, kbIDs: String,
                 query: String, standaloneQuery: String, answer: String?, citations: String, provider: String,
                 model: String, promptName: String?, promptVersion: Int?, promptTokens: Int, completionTokens: Int,
                 costUSD: Double, latencyMilliseconds: Double, cache: String, status: String, errorCode: String?,
                 traceID: String, requestID: String, createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.principalID = principalID
        self.conversationID = conversationID
        self.kbIDs = kbIDs
        self.query = query
        self.standaloneQuery = standaloneQuery
        self.answer = answer
        self.citations = citations
        self.provider = provider
        self.model = model
        self.promptName = promptName
        self.promptVersion = promptVersion
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costUSD = costUSD
        self.latencyMilliseconds = latencyMilliseconds
        self.cache = cache
        self.status = status
        self.errorCode = errorCode
        self.traceID = traceID
        self.requestID = requestID
        self.createdAt = createdAt
    }

    static let columns = """
        id, org_id, principal_id, conversation_id, kb_ids, query, standalone_query, answer, citations, provider, \
        model, prompt_name, prompt_version, prompt_tokens, completion_tokens, cost_usd, latency_ms, cache, status, \
        error_code, trace_id, request_id, created_at, feedback_rating, feedback_comment, seq, citation_accuracy
        """

    init(row: Row) throws {
        self.init(id: try row.get(0), orgID: try row.get(1), principalID: try row.get(2),
                  conversationID: try row.get(3), kbIDs: try row.get(4), query: try row.get(5),
                  standaloneQuery: try row.get(6), answer: try row.get(7), citations: try row.get(8),
                  provider: try row.get(9), model: try row.get(10), promptName: try row.get(11),
                  promptVersion: try row.get(12), promptTokens: try row.get(13), completionTokens: try row.get(14),
                  costUSD: try row.get(15), latencyMilliseconds: try row.get(16), cache: try row.get(17),
                  status: try row.get(18), errorCode: try row.get(19), traceID: try row.get(20),
                  requestID: try row.get(21), createdAt: try row.get(22))
        feedbackRating = try row.get(23)
        feedbackComment = try row.get(24)
        sequence = try row.get(25)
        citationAccuracy = try row.get(26)
    }
}

/// Per-variant figures of a prompt experiment.
package struct PromptVariantFigures: Sendable, Equatable {
    package var version: Int
    package var queries = 0
    package var failures = 0
    package var latencyMillisecondsMean = 0.0
    package var positiveFeedback = 0
    package var negativeFeedback = 0
    package var costUSD = 0.0
    /// Mean share of valid citation markers (an online evaluation score), nil when no answer was checked.
    package var citationAccuracy: Double?

    package init(version: Int) {
        self.version = version
    }
}

/// Query history of one organization. Every statement filters on `org_id`; `principal` narrows a list to one
/// user's or key's own queries when the caller may not see everyone's.
package enum QueryRepository {
    /// Writes `records` (each with the organization it is recorded for) and counts them in the usage rollup, one
    /// upsert per organization and day rather than one per query: the rollup is kept in the same transaction as the
    /// history, so it never drifts from it.
    package static func insert(_ records: [(org: OrgID, record: QueryRecord)], on db: SQLiteConnection) throws {
        struct Day: Hashable {
            var org: String
            var day: Int64
        }
        var usage: [Day: (queries: Int, promptTokens: Int, completionTokens: Int, costUSD: Double)] = [:]
        for (org, record) in records {
            precondition(record.orgID == org.rawValue, "query recorded for another organization")
            try db.run("""
                INSERT INTO queries (id, org_id, principal_id, conversation_id, kb_ids, query, standalone_query, answer,
                    citations, provider, model, prompt_name, prompt_version, prompt_tokens, completion_tokens, cost_usd,
                    latency_ms, cache, status, error_code, trace_id, request_id, created_at, citation_accuracy)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [record.id, org.rawValue, record.principalID, record.conversationID, record.kbIDs, record.query,
                      record.standaloneQuery, record.answer, record.citations, record.provider, record.model,
                      record.promptName, record.promptVersion, record.promptTokens, record.completionTokens,
                      record.costUSD, record.latencyMilliseconds, record.cache, record.status, record.errorCode,
                      record.traceID, record.requestID, record.createdAt, record.citationAccuracy])
            let day = Day(org: org.rawValue, day: record.createdAt - record.createdAt % 86_400_000)
            var total = usage[day] ?? (0, 0, 0, 0)
            total.queries += 1
            total.promptTokens += record.promptTokens
            total.completionTokens += record.completionTokens
            total.costUSD += record.costUSD
            usage[day] = total
        }
        for (day, total) in usage.sorted(by: { ($0.key.org, $0.key.day) < ($1.key.org, $1.key.day) }) {
            try db.run("""
                INSERT INTO usage_daily (org_id, day, queries, prompt_tokens, completion_tokens, cost_usd)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (org_id, day) DO UPDATE SET queries = queries + excluded.queries,
                    prompt_tokens = prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = completion_tokens + excluded.completion_tokens,
                    cost_usd = cost_usd + excluded.cost_usd
                """, [day.org, day.day, total.queries, total.promptTokens, total.completionTokens, total.costUSD])
        }
    }

    /// Deletes the oldest queries of every organization recorded before `cutoff` (Unix ms), at most `limit`; returns
    /// how many went. History retention, by age alone: the one query here across organizations. Queries are read in
    /// `seq` order — the order they were written, time order to within a batch's linger — up to the first one
    /// not old enough, so no time index is needed (it would cost every insert) and a call never reads past the old
    /// rows. The usage rollup keeps counting what went.
    package static func prune(olderThan cutoff: Int64, limit: Int, on db: SQLiteConnection) throws -> Int {
        let oldest = try db.query("SELECT seq, created_at FROM queries ORDER BY seq LIMIT ?", [limit]) { row in
            (seq: try row.get(0, as: Int64.self), createdAt: try row.get(1, as: Int64.self))
        }
        guard let last = oldest.prefix(while: { $0.createdAt < cutoff }).last else { return 0 }
        return try db.run("DELETE FROM queries WHERE seq <= ?", [last.seq])
    }

    /// One query of `org` (of `principal` only, when given).
    package static func find(_ id: String, principal: String?, in org: OrgID, on db: SQLiteConnection) throws
        -> QueryRecord? {
        try db.queryOne("""
            SELECT \(QueryRecord.columns) FROM queries
            WHERE org_id = ? AND id = ? AND (? IS NULL OR principal_id = ?)
            """, [org.rawValue, id, principal, principal], row: QueryRecord.init(row:))
    }

    /// Queries of `org` (of `principal` only, when given), newest first, before position `before`.
    package static func list(principal: String?, in org: OrgID, before: Int64?, limit: Int,
                             on db: SQLiteConnection) throws -> Page<QueryRecord> {
        // Two statements rather than `? IS NULL OR …`, so each uses its own index.
        let sql = principal == nil
            ? "SELECT \(QueryRecord.columns) FROM queries WHERE org_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?"
            : """
              SELECT \(QueryRecord.columns) FROM queries WHERE org_id = ? AND principal_id = ? AND seq < ?
              ORDER BY seq DESC LIMIT ?
              """
        let arguments: SQLArguments = principal.map { [org.rawValue, $0, before ?? Int64.max, limit + 1] }
            ?? [org.rawValue, before ?? Int64.max, limit + 1]
        let rows = try db.query(sql, arguments) { row in
            let record = try QueryRecord(row: row)
            return (position: record.sequence, item: record)
        }
        return Page(fetched: rows, limit: limit)
    }

    /// The turns of a conversation, oldest first (at most the last `limit`); with `answeredOnly`, only those that
    /// were answered (what a follow-up is read against).
    package static func turns(of conversation: String, in org: OrgID, limit: Int, answeredOnly: Bool,
                              on db: SQLiteConnection) throws -> [QueryRecord] {
        try db.query("""
            SELECT * FROM (SELECT \(QueryRecord.columns) FROM queries
                           WHERE org_id = ? AND conversation_id = ?
                             AND (? = 0 OR (status = 'succeeded' AND answer IS NOT NULL))
                           ORDER BY seq DESC LIMIT ?)
            ORDER BY seq
            """, [org.rawValue, conversation, answeredOnly, limit], row: QueryRecord.init(row:))
    }

    /// Records feedback on a query; false when the query is not there (or not the caller's).
    package static func setFeedback(_ id: String, rating: Int, comment: String?, at time: Int64, principal: String?,
                                    in org: OrgID, on db: SQLiteConnection) throws -> Bool {
        try db.run("""
            UPDATE queries SET feedback_rating = ?, feedback_comment = ?, feedback_at = ?
            WHERE org_id = ? AND id = ? AND (? IS NULL OR principal_id = ?)
            """, [rating, comment, time, org.rawValue, id, principal, principal]) == 1
    }

    /// Queries since `since` (Unix ms, a UTC midnight), and tokens and cost since `monthStart`, for `GET /v1/org`:
    /// read from the daily rollup.
    package static func usage(in org: OrgID, since: Int64, monthStart: Int64, on db: SQLiteConnection) throws
        -> (queries: Int, tokens: Int, costUSD: Double) {
        try db.queryOne("""
            SELECT coalesce(sum(queries) FILTER (WHERE day >= ?), 0),
                   coalesce(sum(prompt_tokens + completion_tokens), 0), coalesce(sum(cost_usd), 0.0)
            FROM usage_daily WHERE org_id = ? AND day >= ?
            """, [since, org.rawValue, monthStart]) { (try $0.get(0), try $0.get(1), try $0.get(2)) } ?? (0, 0, 0)
    }

    /// Per-version figures of prompt `name` since `since`: counts, mean latency, feedback, cost.
    package static func promptFigures(_ name: String, since: Int64, in org: OrgID, on db: SQLiteConnection) throws
        -> [PromptVariantFigures] {
        try db.query("""
            SELECT prompt_version, count(*), sum(status != 'succeeded'), coalesce(avg(latency_ms), 0),
                   sum(feedback_rating = 1), sum(feedback_rating = -1), coalesce(sum(cost_usd), 0.0),
                   avg(citation_accuracy)
            FROM queries WHERE org_id = ? AND prompt_name = ? AND created_at >= ? AND prompt_version IS NOT NULL
            GROUP BY prompt_version ORDER BY prompt_version
            """, [org.rawValue, name, since]) { row in
            var figures = PromptVariantFigures(version: try row.get(0))
            figures.queries = try row.get(1)
            figures.failures = try row.get(2) as Int? ?? 0
            figures.latencyMillisecondsMean = try row.get(3)
            figures.positiveFeedback = try row.get(4) as Int? ?? 0
            figures.negativeFeedback = try row.get(5) as Int? ?? 0
            figures.costUSD = try row.get(6)
            figures.citationAccuracy = try row.get(7)
            return figures
        }
    }
}
