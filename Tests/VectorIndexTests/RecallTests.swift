import Testing
@testable import VectorIndex

/// Recall of the graph against the exact oracle at the default parameters (M 16, efConstruction 200, efSearch 64).
@Suite struct RecallTests {
    @Test(arguments: [(count: 5_000, dimension: 64), (count: 2_000, dimension: 384)])
    func recallAtDefaultEfIsAtLeast98Percent(shape: (count: Int, dimension: Int)) throws {
        let data = Fixture(count: shape.count + 100, dimension: shape.dimension, seed: 11)
        let index = HNSWIndex(dimension: shape.dimension)
        let exact = ExactIndex(dimension: shape.dimension)
        try data.load(prefix: shape.count, into: index, exact)
        let queries = Array(data.rows.suffix(100))
        let measured = try recall(of: index, against: exact, queries: queries)
        #expect(measured >= 0.98, "recall@10 \(measured)")
        #expect(index.count == shape.count)
        try index.withStableGraph { try $0.validate() }
    }

    @Test func higherEfNeverLowersRecallMuchAndReachesExactness() throws {
        let data = Fixture(count: 3_000, dimension: 32, latentDimension: 0, seed: 5)  // uniform: the hard case
        let index = HNSWIndex(dimension: 32, parameters: testParameters(efConstruction: 100))
        let exact = ExactIndex(dimension: 32)
        try data.load(into: index, exact)
        let queries = Array(data.rows.prefix(50)).map { $0.map { -$0 } }  // not stored vectors
        let low = try recall(of: index, against: exact, queries: queries, ef: 10)
        let high = try recall(of: index, against: exact, queries: queries, ef: 3_000)
        #expect(high >= low)
        #expect(high >= 0.99, "ef = n must find (nearly) everything: \(high)")
    }

    @Test func sameSeedAndInsertsBuildTheSameGraph() throws {
        let data = Fixture(count: 800, dimension: 16, seed: 3)
        let first = HNSWIndex(dimension: 16, parameters: testParameters(efConstruction: 50))
        let second = HNSWIndex(dimension: 16, parameters: testParameters(efConstruction: 50))
        try data.load(into: first, second)
        for query in data.rows.prefix(20) {
            #expect(try first.search(query, k: 10, ef: 20) == second.search(query, k: 10, ef: 20))
        }
        let differentSeed = HNSWIndex(dimension: 16, parameters: HNSWParameters(efConstruction: 50, seed: 99))
        try data.load(into: differentSeed)
        let levels = { (index: HNSWIndex) in
            index.withStableGraph { graph in (0..<graph.nodeCount).map { graph.store.levels[$0] } }
        }
        #expect(levels(first) == levels(second))
        #expect(levels(first) != levels(differentSeed))
    }

    @Test func levelsFollowTheGeometricDistribution() throws {
        let graph = HNSWGraph(dimension: 4, parameters: HNSWParameters(m: 16))
        let draws = (0..<100_000).map { _ in graph.drawLevel() }
        let aboveZero = Double(draws.filter { $0 >= 1 }.count) / Double(draws.count)
        let aboveOne = Double(draws.filter { $0 >= 2 }.count) / Double(draws.count)
        #expect(abs(aboveZero - 1.0 / 16) < 0.005, "P(level ≥ 1) = 1/M, measured \(aboveZero)")
        #expect(abs(aboveOne - 1.0 / 256) < 0.001, "P(level ≥ 2) = 1/M², measured \(aboveOne)")
    }
}
