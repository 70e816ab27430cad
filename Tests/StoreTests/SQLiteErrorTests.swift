import Testing
@testable import Store

@Suite struct SQLiteErrorTests {
    // Result codes from sqlite3.h, spelled out because the test target does not import the C module.
    static let constraint: Int32 = 19  // SQLITE_CONSTRAINT
    static let constraintUnique: Int32 = 2067  // SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintNotNull: Int32 = 1299  // SQLITE_CONSTRAINT_NOTNULL = SQLITE_CONSTRAINT | (5 << 8)

    @Test(arguments: Storage.allCases)
    func constraintViolationCarriesCodeAndSQLButNoValues(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        let secret = "hunter2-secret@example.com"
        let insert = "INSERT INTO users(email, note) VALUES (?, ?)"
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE users(email TEXT UNIQUE, note TEXT NOT NULL)")
            try connection.run(insert, [secret, "first"])
            let duplicate = #expect(throws: SQLiteError.self) { try connection.run(insert, [secret, "second"]) }
            let error = try #require(duplicate)
            #expect(error.isConstraintViolation)
            #expect(!error.isBusy)
            #expect(error.code == Self.constraint)
            #expect(error.extendedCode == Self.constraintUnique)
            #expect(error.sql == insert)
            #expect(error.message.contains("users.email"))
            #expect(error.description.contains(insert))
            #expect(!error.description.contains(secret))
            #expect(!error.description.contains("first"))

            let nullNote = #expect(throws: SQLiteError.self) { try connection.run(insert, ["other", nil]) }
            #expect(nullNote?.extendedCode == Self.constraintNotNull)
        }
    }

    @Test(arguments: Storage.allCases)
    func syntaxErrorNamesTheSQL(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        let sql = "SELEC 1"
        let error = #expect(throws: SQLiteError.self) { try db.write { try $0.run(sql) } }
        #expect(error?.sql == sql)
        #expect(error?.code == 1)  // SQLITE_ERROR
        #expect(error?.message.contains("syntax error") == true)
    }
}
