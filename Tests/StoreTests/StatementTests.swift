import Testing
@testable import Store

@Suite struct StatementTests {
    @Test(arguments: Storage.allCases)
    func textMustHoldExactlyOneStatement(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection throws in
            for sql in ["CREATE TABLE a(x); CREATE TABLE b(x)", "SELECT 1; nonsense", "", "  -- only a comment"] {
                let error = #expect(throws: StoreError.self, "\(sql)") { try connection.run(sql) }
                guard case .notOneStatement(sql)? = error else {
                    Issue.record("unexpected \(String(describing: error)) for \(sql)")
                    continue
                }
            }
            // The first statement of a rejected text must not have run either.
            #expect(try !tableExists("a", in: connection))
            #expect(throws: SQLiteError.self) { try connection.prepare("SELECT 1 +") }
            #expect(try connection.queryOne("SELECT 7; -- trailing comment\n  ") { try $0.get(0, as: Int.self) } == 7)
        }
    }

    @Test(arguments: Storage.allCases)
    func cachedStatementsGiveCorrectResults(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE t(id INTEGER PRIMARY KEY, label TEXT)")
            for id in 1...50 { try connection.run("INSERT INTO t VALUES (?, ?)", [id, "label-\(id)"]) }
            let cachedAfterInserts = connection.cachedStatementCount
            for id in (1...50).reversed() {
                let label = try connection.queryOne("SELECT label FROM t WHERE id = ?", [id]) {
                    try $0.get(0, as: String.self)
                }
                #expect(label == "label-\(id)")
            }
            #expect(connection.cachedStatementCount == cachedAfterInserts + 1)

            // The same SQL issued from inside its own row closure must not reset the outer statement.
            let pairs = try connection.query("SELECT id FROM t WHERE id <= ? ORDER BY id", [3]) { row in
                let outer = try row.get(0, as: Int.self)
                let inner = try connection.query("SELECT id FROM t WHERE id <= ? ORDER BY id", [outer]) {
                    try $0.get(0, as: Int.self)
                }
                return (outer, inner.count)
            }
            #expect(pairs.map(\.0) == [1, 2, 3])
            #expect(pairs.map(\.1) == [1, 2, 3])
        }
    }

    @Test(arguments: Storage.allCases)
    func cacheEvictsBeyondItsCapacity(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(statementCacheCapacity: 2)
        try db.write { connection throws in
            for round in 0..<3 {
                for value in 1...5 {
                    let sql = "SELECT ? * \(value)"
                    #expect(try connection.queryOne(sql, [round]) { try $0.get(0, as: Int.self) } == round * value)
                }
            }
            #expect(connection.cachedStatementCount == 2)
        }
    }

    @Test(arguments: Storage.allCases)
    func steppingByHandReportsRowsThenDone(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE t(n); INSERT INTO t VALUES (1), (2), (3)")
            let statement = try connection.prepare("SELECT n FROM t WHERE n >= ? ORDER BY n")
            try statement.bind([2])
            #expect(try statement.step() == .row)
            #expect(try statement.row.get(0, as: Int.self) == 2)
            #expect(try statement.step() == .row)
            #expect(try statement.row.get(0, as: Int.self) == 3)
            #expect(try statement.step() == .done)
            try statement.bind([3])
            #expect(try statement.step() == .row)
            #expect(try statement.row.get("n", as: Int.self) == 3)
            statement.reset()
            #expect(statement.columnCount == 1)
            #expect(statement.columnName(0) == "n")
        }
    }
}
