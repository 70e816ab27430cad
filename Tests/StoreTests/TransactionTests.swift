import Testing
@testable import Store

@Suite struct TransactionTests {
    private static func openWithTable(_ storage: Storage) throws -> (Scratch, Database) {
        let scratch = try Scratch(storage)
        let db = try scratch.open([Migration(version: 1, name: "t", sql: "CREATE TABLE t(n INTEGER NOT NULL)")])
        return (scratch, db)
    }

    private static func values(_ connection: SQLiteConnection) throws -> [Int] {
        try connection.query("SELECT n FROM t ORDER BY n") { try $0.get(0) }
    }

    @Test(arguments: Storage.allCases, TransactionKind.allCases)
    func commitsWhenTheBodyReturns(storage: Storage, kind: TransactionKind) throws {
        let (scratch, db) = try Self.openWithTable(storage)
        defer { scratch.remove() }
        let returned = try db.write { connection in
            try connection.transaction(kind) {
                #expect(connection.isInTransaction)
                try connection.run("INSERT INTO t VALUES (1), (2)")
                return "done"
            }
        }
        #expect(returned == "done")
        #expect(try db.read { try Self.values($0) } == [1, 2])
        #expect(try db.write { $0.isInTransaction } == false)
    }

    @Test(arguments: Storage.allCases)
    func rollsBackAndRethrowsWhenTheBodyThrows(storage: Storage) throws {
        let (scratch, db) = try Self.openWithTable(storage)
        defer { scratch.remove() }
        try db.write { connection throws in
            #expect(throws: Boom.self) {
                try connection.transaction(.immediate) {
                    try connection.run("INSERT INTO t VALUES (1)")
                    throw Boom()
                }
            }
            #expect(!connection.isInTransaction)
            // A failing statement rolls back the work before it too.
            #expect(throws: SQLiteError.self) {
                try connection.transaction {
                    try connection.run("INSERT INTO t VALUES (2)")
                    try connection.run("INSERT INTO t VALUES (NULL)")
                }
            }
            #expect(!connection.isInTransaction)
            #expect(try Self.values(connection) == [])
        }
        #expect(try db.read { try Self.values($0) } == [])
    }

    @Test(arguments: Storage.allCases)
    func failedNestedTransactionKeepsTheOuterWork(storage: Storage) throws {
        let (scratch, db) = try Self.openWithTable(storage)
        defer { scratch.remove() }
        try db.write { connection in
            try connection.transaction {
                try connection.run("INSERT INTO t VALUES (1)")
                #expect(throws: Boom.self) {
                    try connection.transaction {
                        try connection.run("INSERT INTO t VALUES (2)")
                        try connection.transaction { try connection.run("INSERT INTO t VALUES (3)") }
                        throw Boom()
                    }
                }
                try connection.transaction { try connection.run("INSERT INTO t VALUES (4)") }
                #expect(try Self.values(connection) == [1, 4])
            }
        }
        #expect(try db.read { try Self.values($0) } == [1, 4])
    }

    @Test(arguments: Storage.allCases)
    func outerRollbackUndoesCommittedInnerWork(storage: Storage) throws {
        let (scratch, db) = try Self.openWithTable(storage)
        defer { scratch.remove() }
        #expect(throws: Boom.self) {
            try db.write { connection in
                try connection.transaction {
                    try connection.transaction { try connection.run("INSERT INTO t VALUES (1)") }
                    throw Boom()
                }
            }
        }
        #expect(try db.read { try Self.values($0) } == [])
    }

    @Test(arguments: Storage.allCases)
    func writeLeavingATransactionOpenIsRolledBack(storage: Storage) throws {
        let (scratch, db) = try Self.openWithTable(storage)
        defer { scratch.remove() }
        try db.write { try $0.execute(script: "BEGIN; INSERT INTO t VALUES (1)") }
        #expect(try db.write { connection in (connection.isInTransaction, try Self.values(connection)) } == (false, []))
    }
}

