import Testing
import Threading
@testable import VectorIndex

/// Many readers with one writer: no crash, and every answer is valid for some state of the index.
@Suite struct ConcurrencyTests {
    @Test func readersSearchWhileAWriterInsertsRemovesAndCompacts() throws {
        let data = Fixture(count: 1_600, dimension: 16, seed: 51)
        let index = HNSWIndex(dimension: 16, parameters: testParameters(efConstruction: 40))
        try data.load(prefix: 400, into: index)
        let done = Flag()
        let failures = Counter()
        let searches = Counter()
        let readers = (0..<3).map { reader in
            OSThread.spawn(name: "reader-\(reader)") {
                var round = 0
                while !done.isSet || round < 5 {
                    let query = data.rows[(reader * 97 + round * 13) % data.rows.count]
                    let filter: VectorFilter? = round % 3 == 0 ? VectorFilter { $0 % 2 == 0 } : nil
                    do {
                        let hits = try index.search(query, k: 10, filter: filter)
                        let valid = wellFormed(hits) && hits.count <= 10 && hits.allSatisfy {
                            $0.label < 1_600 && (filter == nil || $0.label % 2 == 0) && $0.score <= 1.0001
                        }
                        if !valid || hits.isEmpty { failures.add() }
                    } catch {
                        failures.add()
                    }
                    searches.add()
                    round += 1
                }
            }
        }
        for row in 400..<1_600 {
            try index.insert(data.rows[row], label: UInt64(row))
            if row % 5 == 0 { index.remove(label: UInt64(row - 300)) }
            if row == 1_000 { index.compact(strategy: .repair) }
        }
        index.compact(strategy: .rebuild)
        done.set()
        readers.forEach { $0.join() }
        #expect(failures.value == 0)
        #expect(searches.value >= 15)
        #expect(index.count == 1_600 - 240)
        #expect(index.tombstoneCount == 0)
        try index.withStableGraph { try $0.validate() }
    }
}

/// A flag set once by one thread and read by others.
final class Flag: @unchecked Sendable {
    private let lock = ConditionLock()
    private var raised = false
    var isSet: Bool { lock.withLock { raised } }
    func set() { lock.withLock { raised = true } }
}

/// A counter shared by threads.
final class Counter: @unchecked Sendable {
    private let lock = ConditionLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
