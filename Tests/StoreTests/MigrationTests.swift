import Testing
@testable import Store

@Suite struct MigrationTests {
    static let history = [
        Migration(version: 1, name: "create_documents",
                  sql: "CREATE TABLE documents(id INTEGER PRIMARY KEY, title TEXT NOT NULL)"),
        Migration(version: 2, name: "add_status",
                  sql: "ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'new'"),
        Migration(version: 5, name: "create_chunks", sql: """
            CREATE TABLE chunks(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id));
            CREATE INDEX chunks_by_document ON chunks(document_id);
            """),
    ]

    static let broken = Migration(version: 2, name: "broken_two", sql: """
        CREATE TABLE half_done(x);
        INSERT INTO no_such_table VALUES (1);
        """)

    /// Runs the migrator again the way a restart would: on disk by closing and reopening the file; in memory, whose
    /// contents a restart would lose, on the live writer connection.
    static func restart(_ db: inout Database, _ scratch: Scratch, with migrations: [Migration]) throws -> [Migration] {
        switch scratch.storage {
        case .disk:
            db.close()
            db = try scratch.open(migrations)
            return db.appliedMigrations
        case .memory:
            return try db.write { try Migrator(migrations).migrate($0) }
        }
    }

    static func records(_ db: Database) throws -> [(version: Int, name: String, checksum: String, appliedAt: String)] {
        try db.read { connection in
            try connection.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version") {
                (try $0.get(0), try $0.get(1), try $0.get(2), try $0.get(3))
            }
        }
    }

    @Test(arguments: Storage.allCases)
    func appliesInOrderAndRecordsEach(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.history)
        #expect(db.appliedMigrations == Self.history)
        let records = try Self.records(db)
        #expect(records.map(\.version) == [1, 2, 5])
        #expect(records.map(\.name) == Self.history.map(\.name))
        #expect(records.map(\.checksum) == Self.history.map(\.checksum))
        #expect(records.allSatisfy { $0.appliedAt.count == 24 && $0.appliedAt.hasSuffix("Z") })
        // Migration 2 ran after 1: the column it added exists with its default.
        let status = try db.write { connection in
            try connection.run("INSERT INTO documents(title) VALUES (?)", ["a"])
            return try connection.queryOne("SELECT status FROM documents") { try $0.get(0, as: String.self) }
        }
        #expect(status == "new")
        #expect(try db.read { try Migrator.currentVersion($0) } == 5)
    }

    @Test(arguments: Storage.allCases)
    func restartAppliesOnlyWhatIsNew(storage: Storage) throws {
        let scratch = try Scratch(storage)
        var db = try scratch.open(Self.history)
        defer { scratch.remove() }
        #expect(try Self.restart(&db, scratch, with: Self.history) == [])
        let next = Migration(version: 6, name: "create_tags", sql: "CREATE TABLE tags(name TEXT PRIMARY KEY)")
        #expect(try Self.restart(&db, scratch, with: Self.history + [next]) == [next])
        #expect(try Self.records(db).map(\.version) == [1, 2, 5, 6])
    }

    @Test(arguments: Storage.allCases)
    func failingMigrationLeavesNeitherChangesNorRecord(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open([Self.history[0]])
        let error = #expect(throws: StoreError.self) {
            try db.write { try Migrator([Self.history[0], Self.broken]).migrate($0) }
        }
        guard case .migrationFailed(2, "broken_two", let underlying)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect((underlying as? SQLiteError)?.message.contains("no_such_table") == true)
        #expect(try db.read { try tableExists("half_done", in: $0) } == false)
        #expect(try Self.records(db).map(\.version) == [1])
        // The fixed migration applies on the next run.
        #expect(try db.write { try Migrator(Array(Self.history.prefix(2))).migrate($0) }.map(\.version) == [2])
    }

    @Test(arguments: Storage.allCases)
    func openingFailsNamingTheMigration(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let error = #expect(throws: StoreError.self) { try scratch.open([Self.history[0], Self.broken]) }
        #expect(error?.description.contains("migration 2 broken_two failed") == true)
        guard storage == .disk else { return }
        let db = try scratch.open([Self.history[0]])
        #expect(try Self.records(db).map(\.version) == [1])
        #expect(try db.read { try tableExists("half_done", in: $0) } == false)
    }

    @Test(arguments: Storage.allCases)
    func editedMigrationIsRejected(storage: Storage) throws {
        let scratch = try Scratch(storage)
        var db = try scratch.open(Self.history)
        defer { scratch.remove() }
        var edited = Self.history
        edited[1] = Migration(version: 2, name: "add_status", sql: Self.history[1].sql + " -- tweaked")
        let error = #expect(throws: StoreError.self) { try Self.restart(&db, scratch, with: edited) }
        guard case .migrationChanged(2, "add_status", Self.history[1].checksum, edited[1].checksum)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test(arguments: Storage.allCases)
    func databaseNewerThanTheBinaryIsRejected(storage: Storage) throws {
        let scratch = try Scratch(storage)
        var db = try scratch.open(Self.history)
        defer { scratch.remove() }
        let error = #expect(throws: StoreError.self) {
            try Self.restart(&db, scratch, with: Array(Self.history.prefix(2)))
        }
        guard case .databaseNewerThanBinary(5, 2)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
    }

    @Test(arguments: Storage.allCases)
    func divergedHistoryIsRejected(storage: Storage) throws {
        let scratch = try Scratch(storage)
        var db = try scratch.open([Self.history[0], Self.history[2]])
        defer { scratch.remove() }
        // Version 2 appears below the already applied 5.
        let late = #expect(throws: StoreError.self) { try Self.restart(&db, scratch, with: Self.history) }
        guard case .migrationHistoryMismatch(2, _)? = late else {
            Issue.record("unexpected \(String(describing: late))")
            return
        }
        // Version 1 vanished from the binary's list although it was applied.
        if storage == .disk { db = try scratch.open([Self.history[0], Self.history[2]]) }
        let unknown = #expect(throws: StoreError.self) { try Self.restart(&db, scratch, with: [Self.history[2]]) }
        guard case .migrationHistoryMismatch(1, _)? = unknown else {
            Issue.record("unexpected \(String(describing: unknown))")
            return
        }
    }

    @Test func checksumIsFNV1a64() {
        // Reference values of the FNV-1a 64-bit test suite.
        #expect(Migration.fnv1a64Hex("") == "cbf29ce484222325")
        #expect(Migration.fnv1a64Hex("a") == "af63dc4c8601ec8c")
        #expect(Migration.fnv1a64Hex("foobar") == "85944171f73967e8")
        #expect(Migration(version: 1, name: "x", sql: "a").checksum == "af63dc4c8601ec8c")
    }
}
