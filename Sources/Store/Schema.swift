/// ragd's schema history. Append new migrations at the end with the next version; never edit an applied one (the
/// migrator rejects a changed checksum).
package enum Schema {
    /// Every migration, oldest first.
    package static let migrations: [Migration] = [
        Migration(version: 1, name: "instance", sql: """
            -- One row identifying this installation: backups and exports carry the id, so restoring into the wrong
            -- deployment is detectable.
            CREATE TABLE instance (
                singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
                id         TEXT    NOT NULL,
                created_at TEXT    NOT NULL
            ) STRICT;
            INSERT INTO instance (singleton, id, created_at)
            VALUES (1, 'inst_' || lower(hex(randomblob(12))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
            """),
    ]
}
