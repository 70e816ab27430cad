import Testing
@testable import VectorIndex

/// Empty indexes, k beyond the count, bad vectors, duplicates. Both indexes must behave alike.
@Suite struct EdgeCaseTests {
    static let makers: [@Sendable (Int) -> any VectorSearching] = [
        { HNSWIndex(dimension: $0, parameters: testParameters(efConstruction: 40)) }, { ExactIndex(dimension: $0) },
    ]

    @Test(arguments: 0..<makers.count)
    func emptyIndexReturnsNothing(maker: Int) throws {
        let index = Self.makers[maker](3)
        #expect(index.count == 0)
        #expect(try index.search([1, 2, 3], k: 10, ef: nil, filter: nil).isEmpty)
        #expect(try index.search([1, 2, 3], k: 10, ef: nil, filter: VectorFilter { _ in true }).isEmpty)
        #expect(!index.remove(label: 0))
    }

    @Test(arguments: 0..<makers.count)
    func kBeyondTheCountReturnsEverythingOnce(maker: Int) throws {
        let index = Self.makers[maker](8)
        let data = Fixture(count: 37, dimension: 8, seed: 61)
        try data.load(into: index)
        let hits = try index.search(data.rows[0], k: 100, ef: nil, filter: nil)
        #expect(hits.count == 37)
        #expect(Set(hits.map(\.label)) == Set(0..<37))
        #expect(wellFormed(hits))
        #expect(hits.first?.label == 0)
        #expect(try index.search(data.rows[0], k: 0, ef: nil, filter: nil).isEmpty)
        #expect(try index.search(data.rows[0], k: .max, ef: .max, filter: nil).count == 37)
        #expect(try index.search(data.rows[0], k: .max, ef: nil, filter: VectorFilter { $0 < 5 }).count == 5)
    }

    @Test(arguments: 0..<makers.count)
    func badVectorsAreTypedErrors(maker: Int) throws {
        let index = Self.makers[maker](4)
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 3)) {
            try index.insert([1, 2, 3], label: 1)
        }
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 4, actual: 5)) {
            try index.search([1, 2, 3, 4, 5], k: 1, ef: nil, filter: nil)
        }
        #expect(throws: VectorIndexError.nonFiniteComponent(index: 2)) { try index.insert([1, 2, .nan, 4], label: 1) }
        #expect(throws: VectorIndexError.nonFiniteComponent(index: 0)) {
            try index.search([.infinity, 0, 0, 0], k: 1, ef: nil, filter: nil)
        }
        #expect(throws: VectorIndexError.zeroVector) { try index.insert([0, 0, 0, 0], label: 1) }
        #expect(index.count == 0, "a refused insert stores nothing")
        try index.insert([1e-30, 0, 0, 0], label: 2)  // tiny but non-zero: normalizes to a unit vector
        let hit = try #require(try index.search([3, 0, 0, 0], k: 1, ef: nil, filter: nil).first)
        #expect(hit.label == 2 && abs(hit.score - 1) < 1e-6)
    }

    @Test(arguments: 0..<makers.count)
    func scoresAreCosineSimilaritiesOfUnnormalizedInput(maker: Int) throws {
        let index = Self.makers[maker](2)
        try index.insert([10, 0], label: 1)
        try index.insert([0, 0.5], label: 2)
        try index.insert([-3, -3], label: 3)
        let hits = try index.search([2, 2], k: 3, ef: nil, filter: nil)
        #expect(hits.map(\.label) == [1, 2, 3] || hits.map(\.label) == [2, 1, 3])
        #expect(abs(hits[0].score - 0.70710677) < 1e-6 && abs(hits[2].score + 1) < 1e-6)
    }

    @Test func storedVectorsComeBackNormalized() throws {
        let index = HNSWIndex(dimension: 2)
        let exact = ExactIndex(dimension: 2)
        for vectors in [index, exact] as [any VectorSearching] { try vectors.insert([3, 4], label: 5) }
        #expect(index.vector(label: 5) == [0.6, 0.8])
        #expect(exact.vector(label: 5) == [0.6, 0.8])
        #expect(index.vector(label: 6) == nil)
        index.remove(label: 5)
        exact.remove(label: 5)
        #expect(index.vector(label: 5) == nil)
        #expect(exact.vector(label: 5) == nil)
    }

    @Test func duplicateVectorsAreAllStoredAndTheRestStaysReachable() throws {
        let index = HNSWIndex(dimension: 16, parameters: testParameters(efConstruction: 60))
        let exact = ExactIndex(dimension: 16)
        let data = Fixture(count: 700, dimension: 16, seed: 71)
        let duplicate = data.rows[0]
        for label in 0..<200 {
            try index.insert(duplicate, label: UInt64(10_000 + label))
            try exact.insert(duplicate, label: UInt64(10_000 + label))
        }
        try data.load(prefix: 600, into: index, exact)
        let hits = try index.search(duplicate, k: 50, ef: 300)
        #expect(hits.count == 50)
        #expect(hits.allSatisfy { abs($0.score - 1) < 1e-5 })
        let measured = try recall(of: index, against: exact, queries: Array(data.rows.suffix(100)), ef: 100)
        #expect(measured >= 0.95, "recall@10 beside 200 duplicates \(measured)")
    }

    @Test func singleVectorIndex() throws {
        let index = HNSWIndex(dimension: 3)
        try index.insert([0, 0, 2], label: 42)
        #expect(try index.search([0, 1, 0], k: 5) == [VectorHit(label: 42, score: 0)])
        #expect(index.remove(label: 42))
        #expect(try index.search([0, 1, 0], k: 5).isEmpty)
        #expect(index.compact() == CompactionReport(removed: 1, rebuilt: true))
        #expect(try index.search([0, 1, 0], k: 5).isEmpty)
        try index.insert([0, 1, 0], label: 43)
        #expect(try index.search([0, 1, 0], k: 5).map(\.label) == [43])
    }
}
