import Testing
@testable import Store

@Suite struct ValueBindingTests {
    /// Values whose storage class must survive a round trip unchanged, with the `typeof()` SQLite reports.
    static let samples: [(SQLValue, String)] = [
        (.null, "null"),
        (.integer(.max), "integer"),
        (.integer(.min), "integer"),
        (.integer(0), "integer"),
        (.real(3.25), "real"),
        (.real(-1e300), "real"),
        (.real(.infinity), "real"),
        (.text(""), "text"),
        (.text("naïve café — 日本語 🌍"), "text"),
        (.text("before\u{0}after"), "text"),
        (.blob([]), "blob"),
        (.blob([0, 255, 1, 0]), "blob"),
    ]

    @Test(arguments: Storage.allCases)
    func everyStorageClassRoundTrips(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection in
            // No declared type: no affinity, so SQLite keeps exactly what was bound.
            try connection.execute(script: "CREATE TABLE v(id INTEGER PRIMARY KEY, value)")
            for (index, sample) in Self.samples.enumerated() {
                try connection.run("INSERT INTO v(id, value) VALUES (?, ?)", [index, sample.0])
            }
        }
        let stored = try db.read { connection in
            try connection.query("SELECT value, typeof(value) FROM v ORDER BY id") {
                (try $0.get(0, as: SQLValue.self), try $0.get(1, as: String.self))
            }
        }
        #expect(stored.map(\.0) == Self.samples.map(\.0))
        #expect(stored.map(\.1) == Self.samples.map(\.1))
    }

    @Test(arguments: Storage.allCases)
    func swiftTypesBindAndReadBack(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        let missing: String? = nil
        let present: Int? = 42
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE t(a, b, c, d, e, f, g, h, i, j)")
            try connection.run("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               [Int64.min, Int.max, Int32(-7), 2.5, "ünïcode ✓", [UInt8](), true, missing, present,
                                nil])
        }
        try db.read { connection in
            let row = try #require(try connection.queryOne("SELECT * FROM t") { row in
                (try row.get(0, as: Int64.self), try row.get("b", as: Int.self), try row.get(2, as: Int32.self),
                 try row.get("d", as: Double.self), try row.get(4, as: String.self), try row.get("f", as: [UInt8].self),
                 try row.get(6, as: Bool.self), try row.get("h", as: String?.self), try row.get(8, as: Int?.self),
                 try row.get("j", as: SQLValue.self))
            })
            #expect(row.0 == .min)
            #expect(row.1 == .max)
            #expect(row.2 == -7)
            #expect(row.3 == 2.5)
            #expect(row.4 == "ünïcode ✓")
            #expect(row.5 == [])
            #expect(row.6 == true)
            #expect(row.7 == nil)
            #expect(row.8 == 42)
            #expect(row.9 == .null)
        }
    }

    @Test(arguments: Storage.allCases)
    func mismatchedReadsNameTheColumn(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE t(label TEXT, empty TEXT, big INTEGER)")
            try connection.run("INSERT INTO t VALUES (?, ?, ?)", ["x", nil, Int64(Int32.max) + 1])
            try connection.queryOne("SELECT label, empty, big FROM t") { row in
                let textAsInteger = #expect(throws: StoreError.self) { try row.get("label", as: Int64.self) }
                guard case .columnType("label", "Int64", "text")? = textAsInteger else {
                    Issue.record("unexpected \(String(describing: textAsInteger))")
                    return
                }
                let nullAsString = #expect(throws: StoreError.self) { try row.get(1, as: String.self) }
                guard case .columnType("empty", "String", "NULL")? = nullAsString else {
                    Issue.record("unexpected \(String(describing: nullAsString))")
                    return
                }
                #expect(throws: StoreError.self) { try row.get("big", as: Int32.self) }
                let unknown = #expect(throws: StoreError.self) { try row.get("nope", as: Int.self) }
                guard case .noSuchColumn("nope")? = unknown else {
                    Issue.record("unexpected \(String(describing: unknown))")
                    return
                }
                #expect(throws: StoreError.self) { try row.get(3, as: Int.self) }
            }
        }
    }

    @Test(arguments: Storage.allCases)
    func namedParametersBindByName(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open()
        try db.write { connection in
            try connection.execute(script: "CREATE TABLE p(name TEXT, n INTEGER)")
            try connection.run("INSERT INTO p VALUES (:name, :n)", ["name": "colon", ":n": 1])
            try connection.run("INSERT INTO p VALUES (@name, $n)", ["name": "at", "$n": 2])
            try connection.run("INSERT INTO p VALUES (:name, :n)", SQLArguments(named: ["name": "runtime", "n": 3]))
            let names = try connection.query("SELECT name FROM p WHERE n >= :low AND n <= :low + 1 ORDER BY n",
                                             ["low": 2]) { try $0.get(0, as: String.self) }
            #expect(names == ["at", "runtime"])

            let missing = #expect(throws: StoreError.self) {
                try connection.run("INSERT INTO p VALUES (:name, :n)", ["name": "x"])
            }
            guard case .missingArgument(":n", _)? = missing else {
                Issue.record("unexpected \(String(describing: missing))")
                return
            }
            let typo = #expect(throws: StoreError.self) {
                try connection.run("INSERT INTO p VALUES (:name, :n)", ["name": "x", "n": 1, "nn": 2])
            }
            guard case .unknownArgument("nn", _)? = typo else {
                Issue.record("unexpected \(String(describing: typo))")
                return
            }
            let count = #expect(throws: StoreError.self) { try connection.run("INSERT INTO p VALUES (?, ?)", ["x"]) }
            guard case .argumentCount(2, 1, _)? = count else {
                Issue.record("unexpected \(String(describing: count))")
                return
            }
            #expect(try connection.queryOne("SELECT count(*) FROM p") { try $0.get(0, as: Int.self) } == 3)
        }
    }
}
