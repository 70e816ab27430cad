import Testing
@testable import Store

/// GET /v1/org's usage comes from `usage_daily`, kept by `QueryRepository.insert`; migration 8 fills it from the
/// history that existed before it.
@Suite struct UsageRollupTests {
    static let day: Int64 = 86_400_000
    /// 2026-11-21T00:00:00Z and the first of that month.
    static let today: Int64 = 1_795_219_200_000
    static let monthStart: Int64 = 1_793_491_200_000

    static func query(_ id: String, org: String, at time: Int64, tokens: (Int, Int), cost: Double) -> QueryRecord {
        QueryRecord(id: id, orgID: org, principalID: "usr_1", conversationID: nil, kbIDs: "[]", query: "q",
                    standaloneQuery: "q", answer: nil, citations: "[]", provider: "none", model: "",
                    promptName: nil, promptVersion: nil, promptTokens: tokens.0, completionTokens: tokens.1,
                    costUSD: cost, latencyMilliseconds: 1, cache: "miss", status: "succeeded", errorCode: nil,
                    traceID: "tr_" + id, requestID: "req", createdAt: time)
    }

    @Test func migrationBackfillsAndInsertsKeepCounting() throws {
        let scratch = try Scratch(.disk)
        defer { scratch.remove() }
        var db = try scratch.open(Schema.migrations.filter { $0.version <= 7 })
        let org = OrgID("org_a")
        let other = OrgID("org_b")
        // History written before the rollup existed: last month, earlier this month, today; and another org.
        try db.write { connection in
            for id in [org, other] {
                try OrganizationRepository.insert(.init(id: id.rawValue, name: id.rawValue, tier: "free", createdAt: 0),
                                                  on: connection)
            }
            let rows: [(OrgID, Int64, (Int, Int), Double)] = [
                (org, Self.monthStart - Self.day, (1_000, 1_000), 1.0),
                (org, Self.monthStart + 3 * Self.day + 5, (10, 20), 0.25),
                (org, Self.today + 1, (1, 2), 0.5),
                (org, Self.today + Self.day - 1, (0, 0), 0),
                (other, Self.today + 7, (500, 500), 9),
            ]
            for (index, (owner, time, tokens, cost)) in rows.enumerated() {
                let record = Self.query("q_\(index)", org: owner.rawValue, at: time, tokens: tokens, cost: cost)
                try connection.run("""
                    INSERT INTO queries (id, org_id, principal_id, kb_ids, query, standalone_query, provider,
                        prompt_tokens, completion_tokens, cost_usd, latency_ms, status, trace_id, request_id, created_at)
                    VALUES (?, ?, 'usr_1', '[]', 'q', 'q', 'none', ?, ?, ?, 1, 'succeeded', ?, 'req', ?)
                    """, [record.id, owner.rawValue, tokens.0, tokens.1, cost, record.traceID, time])
            }
        }
        db.close()
        db = try scratch.open(Schema.migrations)
        let usage = try db.read { try QueryRepository.usage(in: org, since: Self.today, monthStart: Self.monthStart, on: $0) }
        #expect(usage.queries == 2)
        #expect(usage.tokens == 33)
        #expect(abs(usage.costUSD - 0.75) < 1e-9)

        try db.write { connection in
            try QueryRepository.insert([(org, Self.query("q_new", org: org.rawValue, at: Self.today + 60_000,
                                                         tokens: (100, 50), cost: 0.125))], on: connection)
        }
        let after = try db.read { try QueryRepository.usage(in: org, since: Self.today, monthStart: Self.monthStart, on: $0) }
        #expect(after.queries == 3)
        #expect(after.tokens == 183)
        #expect(abs(after.costUSD - 0.875) < 1e-9)
        // The other organization's usage is its own; tomorrow starts at zero queries.
        let theirs = try db.read { try QueryRepository.usage(in: other, since: Self.today, monthStart: Self.monthStart, on: $0) }
        #expect(theirs.queries == 1 && theirs.tokens == 1_000)
        let tomorrow = try db.read {
            try QueryRepository.usage(in: org, since: Self.today + Self.day, monthStart: Self.monthStart, on: $0)
        }
        #expect(tomorrow.queries == 0 && tomorrow.tokens == 183)
    }

    /// A batch of queries of two organizations over two days counts each in its own rollup row, once.
    @Test func batchesCountEachQueryInItsOrganizationAndDay() throws {
        let scratch = try Scratch(.disk)
        defer { scratch.remove() }
        let db = try scratch.open(Schema.migrations)
        let (org, other) = (OrgID("org_a"), OrgID("org_b"))
        try db.write { connection in
            for id in [org, other] {
                try OrganizationRepository.insert(.init(id: id.rawValue, name: id.rawValue, tier: "free", createdAt: 0),
                                                  on: connection)
            }
            let batch: [(OrgID, Int64, (Int, Int), Double)] = [
                (org, Self.today - 1, (1, 1), 0.5), (org, Self.today, (2, 3), 0.25), (other, Self.today + 5, (7, 0), 1),
                (org, Self.today + Self.day - 1, (10, 0), 0.125), (org, Self.today - Self.day, (100, 0), 2),
            ]
            try connection.withRelaxedSync {
                try connection.transaction(.immediate) {
                    try QueryRepository.insert(batch.enumerated().map { index, row in
                        (row.0, Self.query("q_\(index)", org: row.0.rawValue, at: row.1, tokens: row.2, cost: row.3))
                    }, on: connection)
                }
            }
            #expect(try connection.pragma("synchronous") == .integer(2), "FULL again after the batch")
        }
        // Queries since the day given; tokens and cost since the month's start.
        let today = try db.read { try QueryRepository.usage(in: org, since: Self.today, monthStart: Self.monthStart, on: $0) }
        #expect(today.queries == 2 && today.tokens == 117)
        #expect(abs(today.costUSD - 2.875) < 1e-9)
        let twoDays = try db.read {
            try QueryRepository.usage(in: org, since: Self.today - Self.day, monthStart: Self.monthStart, on: $0)
        }
        #expect(twoDays.queries == 4)
        let theirs = try db.read { try QueryRepository.usage(in: other, since: Self.today, monthStart: Self.monthStart, on: $0) }
        #expect(theirs.queries == 1 && theirs.tokens == 7)
        let rows = try db.read { try $0.queryOne("SELECT count(*) FROM usage_daily") { try $0.get(0, as: Int.self) } }
        #expect(rows == 3)
    }
}
