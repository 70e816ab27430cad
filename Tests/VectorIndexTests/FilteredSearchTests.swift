import Testing
@testable import VectorIndex

/// Filtered search: only allowed labels come back, by a filtered walk or by an exact scan of very few matches.
@Suite struct FilteredSearchTests {
    let data = Fixture(count: 4_100, dimension: 48, seed: 21)

    func loaded() throws -> (HNSWIndex, ExactIndex) {
        let index = HNSWIndex(dimension: 48)
        let exact = ExactIndex(dimension: 48)
        try data.load(prefix: 4_000, into: index, exact)
        return (index, exact)
    }

    @Test func filteredWalkReturnsOnlyAllowedLabelsWithHighRecall() throws {
        let (index, exact) = try loaded()
        let queries = Array(data.rows.suffix(100))
        let allows: @Sendable (UInt64) -> Bool = { $0 % 5 == 0 }
        // Claiming every node matches forces the walk, whatever the policy would pick.
        let walk = VectorFilter(expectedMatches: 4_000, allows: allows)
        for query in queries {
            let hits = try index.search(query, k: 10, filter: walk)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { $0.label % 5 == 0 })
            #expect(wellFormed(hits))
        }
        let measured = try recall(of: index, against: exact, queries: queries, filter: walk)
        #expect(measured >= 0.95, "filtered recall@10 \(measured)")
    }

    @Test func verySelectiveFiltersGetTheExactAnswer() throws {
        let (index, exact) = try loaded()
        let allowed: Set<UInt64> = [3, 333, 1_000, 1_234, 2_000, 2_345, 2_999, 3_333, 3_500, 3_999]
        let byPredicate = VectorFilter { allowed.contains($0) }  // count unknown: estimated by sampling
        let byLabels = VectorFilter(labels: allowed)
        for query in data.rows.suffix(30) {
            let truth = try exact.search(query, k: 5, filter: byLabels)
            #expect(try index.search(query, k: 5, filter: byPredicate) == truth)
            #expect(try index.search(query, k: 5, filter: byLabels) == truth)
            #expect(try index.search(query, k: 50, filter: byLabels).count == allowed.count)
        }
    }

    @Test func filterMatchingNothingReturnsNothing() throws {
        let (index, _) = try loaded()
        #expect(try index.search(data.rows[0], k: 10, filter: VectorFilter { _ in false }).isEmpty)
        #expect(try index.search(data.rows[0], k: 10, filter: VectorFilter(expectedMatches: 4_000) { _ in false })
            .isEmpty)
        #expect(try index.search(data.rows[0], k: 10, filter: VectorFilter(labels: [999_999])).isEmpty)
    }

    @Test func filterNeverReturnsRemovedLabels() throws {
        let (index, _) = try loaded()
        for label in stride(from: UInt64(0), to: 4_000, by: 10) { index.remove(label: label) }
        let filters = [VectorFilter(expectedMatches: 4_000) { $0 % 2 == 0 }, VectorFilter { $0 % 100 == 0 },
                       VectorFilter(labels: Set(stride(from: UInt64(0), to: 4_000, by: 20)))]
        for filter in filters {
            for query in data.rows.suffix(20) {
                #expect(try index.search(query, k: 10, filter: filter).allSatisfy { $0.label % 10 != 0 })
            }
        }
    }

    @Test func policyScansWhenFewMatchAndWalksWhenManyDo() {
        let policy = FilteredSearchPolicy()
        #expect(policy.prefersExactScan(matches: 10, live: 200_000, ef: 64, labelled: false))
        #expect(policy.prefersExactScan(matches: 5_000, live: 200_000, ef: 64, labelled: true))
        #expect(!policy.prefersExactScan(matches: 100_000, live: 200_000, ef: 64, labelled: false))
        #expect(!policy.prefersExactScan(matches: 50_000, live: 200_000, ef: 64, labelled: true))
        #expect(policy.prefersExactScan(matches: 300, live: 1_000, ef: 64, labelled: false), "small: always scan")
        #expect(policy.prefersExactScan(matches: 0, live: 0, ef: 64, labelled: false))
    }

    @Test func samplingEstimatesTheMatchCount() throws {
        let (index, _) = try loaded()
        let estimate = index.withStableGraph { $0.estimatedMatches(of: VectorFilter { $0 % 4 == 0 }) }
        #expect(abs(estimate - 1_000) < 250, "estimated \(estimate) of 1,000")
        let given = index.withStableGraph { $0.estimatedMatches(of: VectorFilter(expectedMatches: 7) { _ in true }) }
        #expect(given == 7)
    }
}
