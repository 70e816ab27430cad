#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import Threading
@testable import Store

/// Observations shared by the threads of one test.
private final class Tally: Sendable {
    private struct State {
        var failures: [String] = []
        var activeReads = 0
        var peakReads = 0
    }

    private let state = Mutex(State())

    func fail(_ message: String) { state.withLock { $0.failures.append(message) } }
    var failures: [String] { state.withLock { $0.failures } }
    var peakReads: Int { state.withLock { $0.peakReads } }

    func readStarted() {
        state.withLock {
            $0.activeReads += 1
            $0.peakReads = max($0.peakReads, $0.activeReads)
        }
    }

    func readEnded() { state.withLock { $0.activeReads -= 1 } }
}

@Suite struct ConcurrencyTests {
    static let schema = [
        Migration(version: 1, name: "events", sql: """
            CREATE TABLE events(source INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (source, seq))
            """),
    ]

    @Test(arguments: Storage.allCases)
    func concurrentWritersLoseNothing(storage: Storage) throws {
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema)
        // 8 threads × 200 inserts. Each write commits 8 rows: with synchronous=FULL every commit is an fsync, and
        // 1,600 of them would make this test slow without testing anything more.
        let threads = 8
        let writesPerThread = 25
        let rowsPerWrite = 8
        let tally = Tally()
        let workers = (0..<threads).map { source in
            OSThread.spawn(name: "writer-\(source)") {
                for write in 0..<writesPerThread {
                    do {
                        try db.write { connection in
                            try connection.transaction {
                                for row in 0..<rowsPerWrite {
                                    try connection.run("INSERT INTO events(source, seq) VALUES (?, ?)",
                                                       [source, write * rowsPerWrite + row])
                                }
                            }
                        }
                    } catch {
                        tally.fail("\(error)")
                    }
                }
            }
        }
        workers.forEach { $0.join() }
        #expect(tally.failures == [])
        let perSource = try db.read { connection in
            try connection.query("SELECT source, count(*) FROM events GROUP BY source ORDER BY source") {
                try $0.get(1, as: Int.self)
            }
        }
        #expect(perSource == Array(repeating: writesPerThread * rowsPerWrite, count: threads))
    }

    @Test(arguments: Storage.allCases)
    func readerPoolServesConcurrentReadsWithinItsSize(storage: Storage) throws {
        let readerCount = 2
        let scratch = try Scratch(storage)
        defer { scratch.remove() }
        let db = try scratch.open(Self.schema, readerCount: readerCount)
        let tally = Tally()
        let inserts = 40
        let feeder = OSThread.spawn(name: "feeder") {
            for seq in 0..<inserts {
                do { try db.write { try $0.run("INSERT INTO events(source, seq) VALUES (0, ?)", [seq]) } } catch {
                    tally.fail("write: \(error)")
                }
            }
        }
        let readers = (0..<6).map { index in
            OSThread.spawn(name: "reader-\(index)") {
                var lastSeen = 0
                for _ in 0..<15 {
                    do {
                        let seen = try db.read { connection in
                            tally.readStarted()
                            defer { tally.readEnded() }
                            usleep(1_000)  // hold the reader so that others must share the pool
                            return try connection.queryOne("SELECT count(*) FROM events") { try $0.get(0, as: Int.self) }
                        }
                        // Writes only add rows, so each thread must see the count grow, never shrink.
                        if let seen, seen < lastSeen { tally.fail("count went from \(lastSeen) back to \(seen)") }
                        lastSeen = seen ?? -1
                    } catch {
                        tally.fail("read: \(error)")
                    }
                }
            }
        }
        feeder.join()
        readers.forEach { $0.join() }
        #expect(tally.failures == [])
        // In memory every read runs on the writer thread, one at a time.
        #expect(tally.peakReads == (storage == .disk ? readerCount : 1))
        #expect(try db.count("events") == inserts)
    }
}
