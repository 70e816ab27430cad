import Testing
@testable import VectorIndex

/// Tombstones, replacement by label, and compaction (repair and rebuild).
@Suite struct DeletionTests {
    let data = Fixture(count: 3_100, dimension: 32, seed: 31)
    var queries: [[Float]] { Array(data.rows.suffix(100)) }

    /// 3,000 vectors in both indexes with every `stride`-th label (from `offset`) removed from both.
    func loaded(removingEvery stride: Int, offset: Int = 0,
                parameters: HNSWParameters = testParameters()) throws -> (HNSWIndex, ExactIndex, Set<UInt64>) {
        let index = HNSWIndex(dimension: 32, parameters: parameters)
        let exact = ExactIndex(dimension: 32)
        try data.load(prefix: 3_000, into: index, exact)
        var removed: Set<UInt64> = []
        for label in Swift.stride(from: offset, to: 3_000, by: stride).map(UInt64.init) {
            #expect(index.remove(label: label))
            #expect(exact.remove(label: label))
            removed.insert(label)
        }
        return (index, exact, removed)
    }

    @Test func removedLabelsNeverAppearAndRecallHoldsAt30PercentTombstones() throws {
        let (index, exact, removed) = try loaded(removingEvery: 10, offset: 0)
        for offset in [3, 6] {  // 30% in all
            for label in stride(from: offset, to: 3_000, by: 10).map(UInt64.init) {
                index.remove(label: label)
                exact.remove(label: label)
            }
        }
        let allRemoved = removed.union(stride(from: 3, to: 3_000, by: 10).map(UInt64.init))
            .union(stride(from: 6, to: 3_000, by: 10).map(UInt64.init))
        #expect(index.count == 2_100)
        #expect(index.tombstoneCount == 900)
        for query in queries + data.rows.prefix(50) {  // including queries equal to removed vectors
            let hits = try index.search(query, k: 10)
            #expect(hits.count == 10)
            #expect(hits.allSatisfy { !allRemoved.contains($0.label) })
        }
        let measured = try recall(of: index, against: exact, queries: queries)
        #expect(measured >= 0.98, "recall@10 with 30% tombstones \(measured)")
    }

    @Test func compactionAt30PercentRebuildsAndKeepsRecall() throws {
        let (index, exact, removed) = try loaded(removingEvery: 3, offset: 1)
        #expect(index.tombstoneCount == 1_000)
        let report = index.compact()
        #expect(report == CompactionReport(removed: 1_000, rebuilt: true))
        #expect(index.tombstoneCount == 0)
        #expect(index.count == 2_000)
        try index.withStableGraph { graph in
            try graph.validate()
            #expect(graph.nodeCount == 2_000)
        }
        for query in queries { #expect(try index.search(query, k: 10).allSatisfy { !removed.contains($0.label) }) }
        let measured = try recall(of: index, against: exact, queries: queries)
        #expect(measured >= 0.98, "recall@10 after rebuild \(measured)")
    }

    @Test func repairDropsTombstonesAndKeepsRecall() throws {
        let (index, exact, removed) = try loaded(removingEvery: 7)
        let report = index.compact()
        #expect(report == CompactionReport(removed: removed.count, rebuilt: false))
        #expect(index.tombstoneCount == 0)
        #expect(index.count == 3_000 - removed.count)
        try index.withStableGraph { graph in
            try graph.validate()
            for id in 0..<graph.nodeCount {  // no dangling link: every target is a live node of the new graph
                let record = graph.store.links(UInt32(id), level: 0)
                #expect((0..<Int(record[0])).allSatisfy { Int(record[1 + $0]) < graph.nodeCount })
            }
        }
        let measured = try recall(of: index, against: exact, queries: queries)
        #expect(measured >= 0.98, "recall@10 after repair \(measured)")
        // Searches and inserts go on normally on the repaired graph.
        try index.insert(data.rows[3_050], label: 99_999)
        #expect(try index.search(data.rows[3_050], k: 1).first?.label == 99_999)
    }

    @Test func repairSurvivesTheEntryPointAndWholeNeighbourhoodsDying() throws {
        let (index, exact, _) = try loaded(removingEvery: 2, parameters: testParameters(rebuildFraction: 1))
        let entryLabel = index.withStableGraph { graph in graph.store.labels[Int(graph.entryPoint!)] }
        index.remove(label: entryLabel)
        exact.remove(label: entryLabel)
        #expect(index.compact(strategy: .repair).rebuilt == false)
        try index.withStableGraph { try $0.validate() }
        let measured = try recall(of: index, against: exact, queries: queries)
        #expect(measured >= 0.95, "recall@10 after repairing 50% tombstones \(measured)")
    }

    @Test func compactingWithoutTombstonesChangesNothing() throws {
        let index = HNSWIndex(dimension: 32, parameters: testParameters(efConstruction: 50))
        try data.load(prefix: 200, into: index)
        let before = try index.search(data.rows[0], k: 10)
        #expect(index.compact() == CompactionReport(removed: 0, rebuilt: false))
        #expect(try index.search(data.rows[0], k: 10) == before)
    }

    @Test func reinsertingALabelReplacesItsVector() throws {
        let index = HNSWIndex(dimension: 32, parameters: testParameters(efConstruction: 50))
        try data.load(prefix: 500, into: index)
        let replacement = data.rows[3_001]
        try index.insert(replacement, label: 7)
        #expect(index.count == 500)
        #expect(index.tombstoneCount == 1)
        let top = try #require(try index.search(replacement, k: 1).first)
        #expect(top.label == 7)
        #expect(abs(top.score - 1) < 1e-5)
        let oldHits = try index.search(data.rows[7], k: 5)
        #expect(!oldHits.contains { $0.label == 7 && $0.score > 0.9999 }, "the old vector of 7 is gone")
        #expect(oldHits.filter { $0.label == 7 }.count <= 1)
    }

    @Test func removingUnknownOrRemovedLabelsReturnsFalse() throws {
        let index = HNSWIndex(dimension: 32)
        #expect(!index.remove(label: 1))
        try index.insert(data.rows[0], label: 1)
        #expect(index.remove(label: 1))
        #expect(!index.remove(label: 1))
        #expect(index.count == 0)
        #expect(try index.search(data.rows[0], k: 3).isEmpty)
        try index.insert(data.rows[0], label: 1)
        #expect(try index.search(data.rows[0], k: 3).map(\.label) == [1])
    }
}
