@testable import App
import Store
import Testing

/// Retention of query history, conversations and traces, in batches smaller than the rows to go.
@Suite struct HousekeepingTests {
    static let day: Int64 = 86_400_000
    static let now: Int64 = 100 * day
    static let org = OrgID("org_h")

    /// An organization with a query (and its trace) at noon of every day 0 … 99, and three conversations.
    func seeded() throws -> Database {
        let database = try Database(.init(location: .memory, migrations: Schema.migrations))
        try database.write { db in
            try OrganizationRepository.insert(.init(id: "org_h", name: "H", tier: "free", createdAt: 0), on: db)
            for (id, created, updated) in [("conv_idle", 5, 20), ("conv_active", 6, 90), ("conv_new", 80, 80)] {
                try ConversationRepository.insert(
                    .init(id: id, orgID: "org_h", principalID: "usr_h", title: id, kbIDs: "[]",
                          createdAt: Int64(created) * Self.day, updatedAt: Int64(updated) * Self.day),
                    in: Self.org, on: db)
            }
            let queries = (0..<100).map { day in
                QueryRecord(id: "q_\(day)", orgID: "org_h", principalID: "usr_h",
                            conversationID: day == 90 ? "conv_active" : nil, kbIDs: "[]", query: "q",
                            standaloneQuery: "q", answer: nil, citations: "[]", provider: "none", model: "",
                            promptName: nil, promptVersion: nil, promptTokens: 1, completionTokens: 1, costUSD: 0,
                            latencyMilliseconds: 1, cache: "miss", status: "succeeded", errorCode: nil,
                            traceID: "tr_\(day)", requestID: "req", createdAt: Int64(day) * Self.day + Self.day / 2)
            }
            for query in queries {
                try TraceRepository.insert(.init(id: query.traceID, orgID: "org_h", principalID: "usr_h",
                                                 requestID: "req", kbID: "kb", queryID: query.id, spans: "[]",
                                                 attributes: "{}", totalCostUSD: 0, totalLatencyMilliseconds: 1,
                                                 success: true, createdAt: query.createdAt),
                                           in: Self.org, on: db)
            }
            try QueryRepository.insert(queries.map { (Self.org, $0) }, on: db)
        }
        return database
    }

    func remaining(_ table: String, _ column: String, order: String = "rowid", in database: Database) throws
        -> [String] {
        try database.read { try $0.query("SELECT \(column) FROM \(table) ORDER BY \(order)") { try $0.get(0) } }
    }

    @Test func historyConversationsAndTracesGoAfterTheirRetention() throws {
        let database = try seeded()
        defer { database.close() }
        let usage = try remaining("usage_daily", "day || ':' || queries", order: "day", in: database)
        let removed = try Housekeeping.round(database: database, accessTokenSeconds: 900,
                                             retention: .init(historyDays: 30, traceDays: 10), now: Self.now,
                                             batchSize: 7)
        // Queries of days 70 … 99 stay (day 70's is at noon, after the cutoff); traces of days 90 … 99.
        #expect(try remaining("queries", "id", in: database) == (70..<100).map { "q_\($0)" })
        #expect(try remaining("traces", "id", in: database) == (90..<100).map { "tr_\($0)" })
        // The conversation idle since day 20 goes; one started as early but active on day 90 stays.
        #expect(try remaining("conversations", "id", in: database) == ["conv_active", "conv_new"])
        #expect(removed == 70 + 90 + 1)
        // Usage per day is kept whole.
        #expect(try remaining("usage_daily", "day || ':' || queries", order: "day", in: database) == usage)
        #expect(usage.count == 100)
        // A second round finds nothing more.
        #expect(try Housekeeping.round(database: database, accessTokenSeconds: 900,
                                       retention: .init(historyDays: 30, traceDays: 10), now: Self.now,
                                       batchSize: 7) == 0)
    }

    @Test func historyIsKeptByDefaultAndTracesNeverOutliveIt() throws {
        let database = try seeded()
        defer { database.close() }
        _ = try Housekeeping.round(database: database, accessTokenSeconds: 900, retention: .init(), now: Self.now)
        #expect(try remaining("queries", "id", in: database).count == 100)
        #expect(try remaining("conversations", "id", in: database).count == 3)
        #expect(try remaining("traces", "id", in: database) == (70..<100).map { "tr_\($0)" })  // 30 days

        // History kept 5 days but traces 30: the traces go with the history.
        _ = try Housekeeping.round(database: database, accessTokenSeconds: 900,
                                   retention: .init(historyDays: 5, traceDays: 30), now: Self.now, batchSize: 3)
        #expect(try remaining("queries", "id", in: database) == (95..<100).map { "q_\($0)" })
        #expect(try remaining("traces", "id", in: database) == (95..<100).map { "tr_\($0)" })
        #expect(try remaining("conversations", "id", in: database).isEmpty)
    }
}
