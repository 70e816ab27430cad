import Testing
import Threading
@testable import VectorIndex

/// `insert(contentsOf:labels:threads:)`: parallel planning, serial commits.
@Suite struct BatchInsertTests {
    let data = Fixture(count: 3_100, dimension: 32, seed: 91)

    @Test(arguments: [1, 2, 3])
    func batchBuildReachesTheRecallOfOneByOne(threads: Int) throws {
        let index = HNSWIndex(dimension: 32)
        let exact = ExactIndex(dimension: 32)
        try index.insert(contentsOf: Array(data.rows.prefix(3_000)), labels: (0..<3_000).map(UInt64.init),
                         threads: threads)
        try data.load(prefix: 3_000, into: exact)
        #expect(index.count == 3_000)
        try index.withStableGraph { try $0.validate() }
        let measured = try recall(of: index, against: exact, queries: Array(data.rows.suffix(100)))
        #expect(measured >= 0.98, "recall@10 with \(threads) threads \(measured)")
    }

    @Test func batchmatesLinkToEachOther() throws {
        // 1,200 vectors in a graph of 1,000: each batch is planned without its batchmates, and the commits must
        // still link near-identical batchmates together.
        let index = HNSWIndex(dimension: 32, parameters: testParameters(efConstruction: 60))
        try data.load(prefix: 1_000, into: index)
        let base = data.rows[3_050]
        let cluster = (0..<64).map { copy in
            base.enumerated().map { $0.element + (($0.offset + copy) % 7 == 0 ? 1e-3 : 0) }
        }
        try index.insert(contentsOf: cluster, labels: (0..<64).map { 50_000 + UInt64($0) }, threads: 2)
        let hits = try index.search(base, k: 64, ef: 200)
        #expect(hits.filter { $0.label >= 50_000 }.count == 64)
        index.withStableGraph { graph in
            let batchIDs = (1_000..<1_064).map(UInt32.init)
            let linkedWithinBatch = batchIDs.filter { id in
                let record = graph.store.links(id, level: 0)
                return (0..<Int(record[0])).contains { record[1 + $0] >= 1_000 }
            }
            #expect(linkedWithinBatch.count == 64)
        }
    }

    @Test func aBadVectorInsertsNothing() throws {
        let index = HNSWIndex(dimension: 32)
        var vectors = Array(data.rows.prefix(50))
        vectors[37] = [Float](repeating: 0, count: 32)
        #expect(throws: VectorIndexError.zeroVector) {
            try index.insert(contentsOf: vectors, labels: (0..<50).map(UInt64.init), threads: 2)
        }
        #expect(index.count == 0)
    }

    @Test func repeatedLabelsKeepTheLastVector() throws {
        let index = HNSWIndex(dimension: 32, parameters: testParameters(efConstruction: 60))
        try data.load(prefix: 1_100, into: index)
        let vectors = Array(data.rows[2_000..<2_100])
        let labels = (0..<100).map { UInt64($0 % 10) }  // each of 0…9 ten times, replacing old vectors too
        try index.insert(contentsOf: vectors, labels: labels, threads: 2)
        #expect(index.count == 1_100)
        try index.withStableGraph { try $0.validate() }
        for label in 0..<10 {
            let last = vectors[90 + label]
            #expect(try index.search(last, k: 1).first?.label == UInt64(label))
        }
    }
}

/// The crew runs one job on all its members at the same time, round after round.
@Suite struct PlanningCrewTests {
    @Test func membersRunTogether() {
        let crew = PlanningCrew(size: 3)
        defer { crew.close() }
        for _ in 0..<20 {
            let arrived = Counter()
            let metAll = Counter()
            crew.run { _ in
                arrived.add()
                // Wait (bounded) until every member has arrived: only possible if they run concurrently.
                let deadline = MonotonicClock.now + 5_000_000_000
                while arrived.value < 3 && MonotonicClock.now < deadline {}
                if arrived.value == 3 { metAll.add() }
            }
            #expect(metAll.value == 3)
        }
    }
}
