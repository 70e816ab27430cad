import Testing
@testable import Store

@Suite struct DatabaseTests {
    static let schema = [
        Migration(version: 1, name: "parents_children", sql: """
            CREATE TABLE parents(id INTEGER PRIMARY KEY);
            CREATE TABLE children(id INTEGER PRIMARY KEY,
                                  parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE);
            """),
    ]

    @Test(arguments: Storage.allCases)
    func writerAndReadersAreConfigured(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        let writer = try db.write { connection in
            try ["journal_mode", "synchronous", "foreign_keys", "busy_timeout", "query_only"].map {
                try connection.pragma($0)
            }
        }
        #expect(writer == [.text(storage == .disk ? "wal" : "memory"), .integer(2), .integer(1), .integer(5_000),
                           .integer(0)])  // synchronous 2 = FULL
        let reader = try db.read { connection in
            try ["query_only", "foreign_keys", "busy_timeout"].map { try connection.pragma($0) }
        }
        #expect(reader == [.integer(1), .integer(1), .integer(5_000)])
        // An in-memory read borrows the writer connection; query_only must be off again afterwards.
        #expect(try db.write { try $0.pragma("query_only") } == .integer(0))
    }

    @Test(arguments: Storage.allCases)
    func foreignKeysAreEnforced(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        let orphan = #expect(throws: SQLiteError.self) {
            try db.write { try $0.run("INSERT INTO children(parent_id) VALUES (?)", [99]) }
        }
        #expect(orphan?.extendedCode == 787)  // SQLITE_CONSTRAINT_FOREIGNKEY
        try db.write { connection in
            try connection.run("INSERT INTO parents(id) VALUES (1)")
            try connection.run("INSERT INTO children(parent_id) VALUES (1), (1)")
            try connection.run("DELETE FROM parents WHERE id = 1")
        }
        #expect(try db.count("children") == 0)
    }

    @Test(arguments: Storage.allCases)
    func readersSeeCommittedWritesAndCannotWrite(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        for id in 1...3 {
            try db.write { try $0.run("INSERT INTO parents(id) VALUES (?)", [id]) }
            #expect(try db.count("parents") == id)
        }
        for sql in ["INSERT INTO parents(id) VALUES (10)", "DELETE FROM parents", "CREATE TABLE sneaky(x)"] {
            let error = #expect(throws: SQLiteError.self, "\(sql)") { try db.read { try $0.run(sql) } }
            #expect(error?.isReadOnly == true, "\(sql)")
        }
        #expect(try db.count("parents") == 3)
        // Writes still work after a refused read-side write (in memory both share one connection).
        try db.write { try $0.run("INSERT INTO parents(id) VALUES (4)") }
        #expect(try db.count("parents") == 4)
    }

    @Test(arguments: Storage.allCases)
    func nestedWriteRunsInline(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        let inner = try db.write { outer in
            try outer.transaction {
                try outer.run("INSERT INTO parents(id) VALUES (1)")
                return try db.write { connection in
                    #expect(connection === outer)
                    try connection.run("INSERT INTO parents(id) VALUES (2)")
                    return try connection.queryOne("SELECT count(*) FROM parents") { try $0.get(0, as: Int.self) }
                }
            }
        }
        #expect(inner == 2)
        #expect(try db.count("parents") == 2)
    }

    @Test(arguments: Storage.allCases)
    func failingReadsGiveTheirReaderBack(storage: Storage) throws {
        // One reader and a short wait: a reader leaked by a throwing read would make the last read time out.
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(readerCount: 1, readerWaitTimeout: .milliseconds(500))
        for _ in 0..<3 {
            #expect(throws: Boom.self) { try db.read { _ in throw Boom() } }
            #expect(throws: SQLiteError.self) { try db.read { try $0.run("SELECT * FROM missing") } }
        }
        #expect(try db.read { try $0.queryOne("SELECT 1") { try $0.get(0, as: Int.self) } } == 1)
    }

    @Test(arguments: Storage.allCases)
    func writeErrorsReachTheCaller(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        #expect(throws: Boom.self) { try db.write { _ in throw Boom() } }
        #expect(try db.write { _ in 41 + 1 } == 42)
    }

    @Test(arguments: Storage.allCases)
    func closeIsIdempotentAndLaterUseThrows(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        try db.write { try $0.run("INSERT INTO parents(id) VALUES (1)") }
        #expect(db.isOpen)
        db.close()
        db.close()
        #expect(!db.isOpen)
        for (label, use) in [("write", { _ = try db.write { _ in 1 } }),
                             ("read", { _ = try db.read { _ in 1 } }),
                             ("integrityCheck", { _ = try db.integrityCheck() })] as [(String, () throws -> Void)] {
            let error = #expect(throws: StoreError.self, "\(label)") { try use() }
            guard case .closed? = error else {
                Issue.record("\(label): unexpected \(String(describing: error))")
                continue
            }
        }
    }

    @Test func closingCheckpointsTheWriteAheadLog() throws {
        let scratch = try Scratch(.disk)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        try db.write { try $0.run("INSERT INTO parents(id) VALUES (1)") }
        #expect(fileExists(scratch.databasePath + "-wal"))
        db.close()
        #expect(!fileExists(scratch.databasePath + "-wal"))
        let reopened = try scratch.open(Self.schema)
        #expect(try reopened.count("parents") == 1)
    }
}
