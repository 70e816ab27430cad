/// Where one request's time and money went: its spans as JSON (`[{name, start_ms, duration_ms, attributes}]`).
package struct TraceRecord: Sendable, Equatable {
    package var id: String
    package var orgID: String
    package var principalID: String
    package var requestID: String
    package var kbID: String
    package var queryID: String
    package var spans: String
    /// JSON object: citation accuracy, cache result, provider… what is true of the whole request.
    package var attributes: String
    package var totalCostUSD: Double
    package var totalLatencyMilliseconds: Double
    package var success: Bool
    package var createdAt: Int64

    package init(id: String, orgID: String, principalID: String, requestID: String, kbID: String, queryID: String,
                 spans: String, attributes: String, totalCostUSD: Double, totalLatencyMilliseconds: Double,
                 success: Bool, createdAt: Int64) {
        self.id = id
        self.orgID = orgID
        self.principalID = principalID
        self.requestID = requestID
        self.kbID = kbID
        self.queryID = queryID
        self.spans = spans
        self.attributes = attributes
        self.totalCostUSD = totalCostUSD
        self.totalLatencyMilliseconds = totalLatencyMilliseconds
        self.success = success
        self.createdAt = createdAt
    }

    static let columns = """
        id, org_id, principal_id, request_id, kb_id, query_id, spans, attributes, total_cost_usd, total_latency_ms, \
        success, created_at
        """
}

/// Traces of one organization.
package enum TraceRepository {
    package static func insert(_ trace: TraceRecord, in org: OrgID, on db: SQLiteConnection) throws {
        precondition(trace.orgID == org.rawValue, "trace recorded for another organization")
        try db.run("INSERT INTO traces (\(TraceRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [trace.id, org.rawValue, trace.principalID, trace.requestID, trace.kbID, trace.queryID,
                    trace.spans, trace.attributes, trace.totalCostUSD, trace.totalLatencyMilliseconds, trace.success,
                    trace.createdAt])
    }

    /// One trace of `org` (of `principal` only, when given).
    package static func find(_ id: String, principal: String?, in org: OrgID, on db: SQLiteConnection) throws
        -> TraceRecord? {
        try db.queryOne("""
            SELECT \(TraceRecord.columns) FROM traces WHERE org_id = ? AND id = ? AND (? IS NULL OR principal_id = ?)
            """, [org.rawValue, id, principal, principal]) { row in
            TraceRecord(id: try row.get(0), orgID: try row.get(1), principalID: try row.get(2),
                        requestID: try row.get(3), kbID: try row.get(4), queryID: try row.get(5),
                        spans: try row.get(6), attributes: try row.get(7), totalCostUSD: try row.get(8),
                        totalLatencyMilliseconds: try row.get(9), success: try row.get(10), createdAt: try row.get(11))
        }
    }

    /// Deletes traces older than `cutoff` (Unix ms), at most `limit` per call so the writer is never held long;
    /// returns how many went.
    package static func prune(olderThan cutoff: Int64, limit: Int, on db: SQLiteConnection) throws -> Int {
        try db.run("""
            DELETE FROM traces WHERE rowid IN (SELECT rowid FROM traces WHERE created_at < ? LIMIT ?)
            """, [cutoff, limit])
    }
}
