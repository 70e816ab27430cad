import CSQLite

extension SQLiteConnection {
    /// The SQLite library version linked at run time, e.g. "3.40.1".
    package static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
