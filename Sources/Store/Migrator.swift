/// Brings a database's schema up to date with an ordered list of migrations, recording each in `schema_migrations`.
///
/// Each pending migration runs in its own transaction together with the insert of its record, so a failure leaves
/// neither its changes nor a record behind and the next start retries it. Before applying anything the migrator
/// checks the recorded history against this binary's list and refuses to run when they disagree: an edited migration,
/// a database migrated by a newer binary, or a version the binary has never heard of.
package struct Migrator: Sendable {
    /// The migrations, in strictly increasing version order.
    package let migrations: [Migration]

    /// The table holding one row per applied migration.
    package static let historyTable = "schema_migrations"

    /// Creates a migrator; `migrations` must be in strictly increasing version order (a programmer error otherwise).
    package init(_ migrations: [Migration]) {
        for (earlier, later) in zip(migrations, migrations.dropFirst()) {
            precondition(earlier.version < later.version,
                         "migration \(later.version) \(later.name) must come after \(earlier.version) \(earlier.name)")
        }
        self.migrations = migrations
    }

    /// Applies every pending migration in order on `connection` (a read-write connection no other thread uses) and
    /// returns the ones it applied; empty when the schema was already current.
    @discardableResult
    package func migrate(_ connection: SQLiteConnection) throws -> [Migration] {
        try connection.execute(script: """
            CREATE TABLE IF NOT EXISTS \(Self.historyTable) (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """)
        let pending = try pendingMigrations(connection)
        for migration in pending {
            do {
                try connection.transaction(.immediate) {
                    try connection.execute(script: migration.sql)
                    try connection.run(
                        """
                        INSERT INTO \(Self.historyTable)(version, name, checksum, applied_at)
                        VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                        """,
                        [migration.version, migration.name, migration.checksum])
                }
            } catch {
                throw StoreError.migrationFailed(version: migration.version, name: migration.name, underlying: error)
            }
        }
        return pending
    }

    /// The highest applied version, 0 for a database without migrations.
    package static func currentVersion(_ connection: SQLiteConnection) throws -> Int {
        try connection.queryOne("SELECT coalesce(max(version), 0) FROM \(historyTable)") { try $0.get(0) } ?? 0
    }

    /// Validates the recorded history against `migrations` and returns those still to apply.
    private func pendingMigrations(_ connection: SQLiteConnection) throws -> [Migration] {
        let applied = try connection.query("SELECT version, checksum FROM \(Self.historyTable) ORDER BY version") {
            (version: try $0.get(0, as: Int.self), checksum: try $0.get(1, as: String.self))
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let latestKnown = migrations.last?.version ?? 0
        if let newest = applied.last, newest.version > latestKnown {
            throw StoreError.databaseNewerThanBinary(databaseVersion: newest.version, latestKnown: latestKnown)
        }
        for record in applied {
            guard let migration = known[record.version] else {
                throw StoreError.migrationHistoryMismatch(version: record.version,
                                                          detail: "applied but unknown to this binary")
            }
            guard migration.checksum == record.checksum else {
                throw StoreError.migrationChanged(version: migration.version, name: migration.name,
                                                  recorded: record.checksum, current: migration.checksum)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }
        // A pending version below the newest applied one means two branches of history were merged; applying it
        // now would run it after migrations that were written assuming it did not exist.
        if let newest = applied.last, let first = pending.first, first.version < newest.version {
            throw StoreError.migrationHistoryMismatch(
                version: first.version, detail: "not applied, but version \(newest.version) already is")
        }
        return pending
    }
}
