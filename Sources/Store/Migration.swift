/// One schema change: a version, a name for humans and the SQL script that performs it.
///
/// Migrations are append-only: once a version has been applied anywhere, its SQL must never change (the migrator
/// compares checksums and refuses to start), only new versions may be added. The script runs inside a transaction,
/// so it must not contain BEGIN/COMMIT or pragmas that are no-ops inside one (`foreign_keys`, `journal_mode`).
package struct Migration: Sendable, Hashable {
    /// Position in the schema history; versions increase strictly.
    package let version: Int
    /// A short name (`create_users`), recorded with the version and shown in errors.
    package let name: String
    /// The script, run with `SQLiteConnection.execute(script:)`.
    package let sql: String

    /// Creates a migration.
    package init(version: Int, name: String, sql: String) {
        precondition(version >= 1, "migration versions start at 1")
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// FNV-1a 64 of the SQL's UTF-8 bytes as 16 lowercase hex digits; detects edits to applied migrations (it is not
    /// a defence against tampering, only against accidents).
    package var checksum: String { Self.fnv1a64Hex(sql) }

    /// FNV-1a, 64-bit: hash = offset basis; for each byte, hash = (hash XOR byte) × prime (mod 2^64), with
    /// offset basis 0xcbf29ce484222325 and prime 0x100000001b3 = 2^40 + 2^8 + 0xb3.
    static func fnv1a64Hex(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
