#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Store

/// The two kinds of database every storage test runs on.
enum Storage: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case disk

    var testDescription: String { rawValue }
}

/// Where one test keeps its databases: nothing for `.memory`, a fresh directory under /tmp for `.disk`.
/// `remove()` (call it in a `defer`, which also keeps the scratch alive until then) closes every database opened
/// through the scratch and deletes the directory with everything in it.
final class Scratch {
    let storage: Storage
    let directory: String?
    private var opened: [Database] = []

    init(_ storage: Storage) throws {
        self.storage = storage
        guard storage == .disk else {
            directory = nil
            return
        }
        var template = Array("/tmp/ragd-store-test-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw FileError(path: "/tmp", errno: errno)
        }
        directory = String(cString: created)
    }

    deinit {
        remove()
    }

    func remove() {
        opened.forEach { $0.close() }
        opened.removeAll()
        guard let directory, let stream = opendir(directory) else { return }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { unlink(directory + "/" + name) }
        }
        closedir(stream)
        rmdir(directory)
    }

    /// The database file's path (disk only).
    var databasePath: String { directory! + "/store.db" }

    var location: Database.Configuration.Location {
        storage == .disk ? .file(databasePath) : .memory
    }

    /// Opens the scratch database with `migrations`; the other settings are the defaults unless given.
    func open(
        _ migrations: [Migration] = [],
        readerCount: Int = 4,
        readerWaitTimeout: Duration = .seconds(5),
        statementCacheCapacity: Int = 64,
        integrityCheckOnOpen: Bool = false
    ) throws -> Database {
        let db = try Database(Database.Configuration(
            location: location, migrations: migrations, readerCount: readerCount,
            readerWaitTimeout: readerWaitTimeout, statementCacheCapacity: statementCacheCapacity,
            integrityCheckOnOpen: integrityCheckOnOpen))
        opened.append(db)
        return db
    }
}

/// An error a test closure throws on purpose.
struct Boom: Error, Equatable {}

extension Database {
    /// `SELECT count(*) FROM table` through a reader.
    func count(_ table: String) throws -> Int {
        try read { try $0.queryOne("SELECT count(*) FROM \(table)") { try $0.get(0) } ?? -1 }
    }
}

/// Whether a table of that name exists.
func tableExists(_ name: String, in connection: SQLiteConnection) throws -> Bool {
    try connection.queryOne("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", [name]) { _ in true }
        ?? false
}

/// Whether `path` names an existing file.
func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

struct FileError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    var description: String { "\(path): errno \(errno)" }
}

/// The whole content of the file at `path`.
func readFile(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else { throw FileError(path: path, errno: errno) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        bytes += chunk[0..<count]
        if count < chunk.count { break }
    }
    return bytes
}

/// Creates or replaces the file at `path` with `bytes`.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    guard let file = fopen(path, "wb") else { throw FileError(path: path, errno: errno) }
    defer { fclose(file) }
    guard fwrite(bytes, 1, bytes.count, file) == bytes.count else { throw FileError(path: path, errno: errno) }
}
