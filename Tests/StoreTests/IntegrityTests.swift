import Testing
@testable import Store

@Suite struct IntegrityTests {
    static let schema = [
        Migration(version: 1, name: "notes", sql: """
            CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT NOT NULL);
            CREATE INDEX notes_by_body ON notes(body);
            """),
    ]

    @Test(arguments: Storage.allCases)
    func healthyDatabasePasses(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema, integrityCheckOnOpen: true)
        try db.write { connection in
            try connection.transaction {
                for index in 0..<100 { try connection.run("INSERT INTO notes(body) VALUES (?)", ["note \(index)"]) }
            }
        }
        #expect(try db.integrityCheck() == [])
    }

    @Test func damagedFileIsRefusedAtOpen() throws {
        let scratch = try Scratch(.disk)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        let marker = "integrity-marker-0001"
        try db.write { connection in
            for index in 0..<20 { try connection.run("INSERT INTO notes(body) VALUES (?)", ["note \(index)"]) }
            try connection.run("INSERT INTO notes(body) VALUES (?)", [marker])
        }
        let (rootPage, pageSize) = try db.read { connection in
            (try connection.queryOne("SELECT rootpage FROM sqlite_schema WHERE name = 'notes'") { try $0.get(0) } ?? 0,
             try connection.pragma("page_size").flatMap(Int.fromSQL) ?? 0)
        }
        db.close()  // checkpoints the WAL, so the file alone holds every row

        // Rewrite the marker in the table's page only: the record stays well-formed, but its index entry now points
        // at a value the row no longer has — damage only an integrity check notices.
        var bytes = try readFile(scratch.databasePath)
        let page = (rootPage - 1) * pageSize..<rootPage * pageSize
        let needle = Array(marker.utf8)
        let found = try #require(page.first { bytes[$0..<min($0 + needle.count, page.upperBound)].elementsEqual(needle) })
        bytes[found + needle.count - 1] = UInt8(ascii: "2")
        let damagedPath = scratch.directory! + "/damaged.db"
        try writeFile(damagedPath, bytes)

        let error = #expect(throws: StoreError.self) {
            try Database(Database.Configuration(location: .file(damagedPath), migrations: Self.schema,
                                                integrityCheckOnOpen: true))
        }
        guard case .integrityCheckFailed(let problems)? = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(problems.contains { $0.contains("notes_by_body") })
        // The original file is untouched and still passes.
        let original = try scratch.open(Self.schema, integrityCheckOnOpen: true)
        #expect(try original.integrityCheck() == [])
    }
}
