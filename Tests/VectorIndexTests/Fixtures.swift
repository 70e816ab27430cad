import Glibc
@testable import VectorIndex

/// Seeded vectors for the tests, as rows.
struct Fixture {
    let dimension: Int
    let rows: [[Float]]

    /// `count` unit vectors near a `latentDimension`-dimensional subspace (0: uniform on the sphere).
    init(count: Int, dimension: Int, latentDimension: Int = 8, seed: UInt64) {
        self.dimension = dimension
        let flat = SyntheticVectors.make(count: count, dimension: dimension, latentDimension: latentDimension,
                                         seed: seed)
        rows = (0..<count).map { Array(flat[$0 * dimension..<($0 + 1) * dimension]) }
    }

    /// Inserts the first `prefix` rows (all by default) with their row number as label into each index.
    func load(prefix: Int? = nil, into indexes: any VectorSearching...) throws {
        for (row, vector) in rows.prefix(prefix ?? rows.count).enumerated() {
            for index in indexes { try index.insert(vector, label: UInt64(row)) }
        }
    }
}

/// Mean recall@k of `index` against `oracle` over `queries`: the share of the oracle's top k that `index` returns.
func recall(of index: any VectorSearching, against oracle: any VectorSearching, queries: [[Float]], k: Int = 10,
            ef: Int? = nil, filter: VectorFilter? = nil) throws -> Double {
    var expected = 0
    var found = 0
    for query in queries {
        let truth = Set(try oracle.search(query, k: k, ef: nil, filter: filter).map(\.label))
        let answer = try index.search(query, k: k, ef: ef, filter: filter)
        expected += truth.count
        found += answer.filter { truth.contains($0.label) }.count
    }
    return expected == 0 ? 1 : Double(found) / Double(expected)
}

/// Whether `hits` are ordered best first with distinct labels.
func wellFormed(_ hits: [VectorHit]) -> Bool {
    Set(hits.map(\.label)).count == hits.count && zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score }
}

/// A fresh path in the temporary directory, removed by the caller.
func temporaryPath(_ name: String) -> String {
    "/tmp/ragd-vectorindex-\(getpid())-\(name)"
}

/// Parameters for the tests: defaults except a smaller efConstruction where a test only needs a valid graph (debug
/// builds are slow).
func testParameters(efConstruction: Int = 200, rebuildFraction: Double = 0.3) -> HNSWParameters {
    HNSWParameters(efConstruction: efConstruction, compaction: CompactionPolicy(rebuildFraction: rebuildFraction))
}
