import Testing
@testable import VectorIndex

@Suite struct ExactIndexTests {
    @Test func returnsTheTrueNearestByCosine() throws {
        let data = Fixture(count: 300, dimension: 20, latentDimension: 0, seed: 81)
        let index = ExactIndex(dimension: 20)
        try data.load(into: index)
        let query = data.rows[299].map { $0 + 0.01 }
        let norm = query.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let expected = data.rows.enumerated()
            .map { (label: UInt64($0.offset), score: zip($0.element, query).reduce(0) { $0 + $1.0 * $1.1 } / norm) }
            .sorted { $0.score > $1.score }.prefix(5)
        let hits = try index.search(query, k: 5)
        #expect(hits.map(\.label) == expected.map(\.label))
        for (hit, truth) in zip(hits, expected) { #expect(abs(hit.score - truth.score) < 1e-5) }
    }

    @Test func removeAndReplaceKeepTheOtherRows() throws {
        let index = ExactIndex(dimension: 2, capacity: 1)  // also grows
        try index.insert([1, 0], label: 1)
        try index.insert([0, 1], label: 2)
        try index.insert([-1, 0], label: 3)
        #expect(index.remove(label: 1))
        #expect(try index.search([1, 0.1], k: 3).map(\.label) == [2, 3])
        try index.insert([1, 0.1], label: 3)
        #expect(try index.search([1, 0.1], k: 1).first?.label == 3)
        #expect(index.count == 2)
        #expect(try index.search([0, 1], k: 1, filter: VectorFilter { $0 != 2 }).map(\.label) == [3])
    }
}
