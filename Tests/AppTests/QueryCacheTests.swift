@testable import App
import Testing

@Suite("Query cache")
struct QueryCacheTests {
    func unit(_ values: [Float]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return values.map { $0 / norm }
    }

    @Test func exactHitsIgnoreCaseSpacingAndTrailingPunctuationWithinOneScope() {
        let cache = QueryCache<Int>(settings: .init())
        cache.store(7, scope: "kb1#3", text: "What is HNSW?", vector: nil)
        #expect(cache.exact(scope: "kb1#3", text: "what  is hnsw") == 7)
        #expect(cache.exact(scope: "kb1#4", text: "What is HNSW?") == nil)
        #expect(cache.exact(scope: "kb1#3", text: "What is BM25?") == nil)
    }

    @Test func semanticHitsNeedTheThresholdAndTheSameScope() {
        var settings = QueryCache<Int>.Settings()
        settings.semanticThreshold = 0.95
        let cache = QueryCache<Int>(settings: settings)
        cache.store(1, scope: "s", text: "a", vector: unit([1, 0, 0]))
        cache.store(2, scope: "s", text: "b", vector: unit([0, 1, 0]))
        #expect(cache.semantic(scope: "s", vector: unit([1, 0.2, 0])) == 1)     // cosine 0.98
        #expect(cache.semantic(scope: "s", vector: unit([1, 0.5, 0])) == nil)   // cosine 0.89
        #expect(cache.semantic(scope: "t", vector: unit([1, 0, 0])) == nil)
        #expect(cache.semantic(scope: "s", vector: unit([0.1, 1, 0])) == 2)
    }

    @Test func leastRecentlyUsedEntriesAreEvictedAndDisabledCachesHoldNothing() {
        var settings = QueryCache<Int>.Settings()
        settings.maxEntries = 10
        let cache = QueryCache<Int>(settings: settings)
        for index in 0..<10 { cache.store(index, scope: "s", text: "q\(index)", vector: nil) }
        #expect(cache.exact(scope: "s", text: "q0") == 0)  // q0 is now the most recently used
        cache.store(10, scope: "s", text: "q10", vector: nil)
        #expect(cache.count <= 10)
        #expect(cache.exact(scope: "s", text: "q0") == 0)
        #expect(cache.exact(scope: "s", text: "q1") == nil)
        settings.enabled = false
        let off = QueryCache<Int>(settings: settings)
        off.store(1, scope: "s", text: "q", vector: nil)
        #expect(off.exact(scope: "s", text: "q") == nil && off.count == 0)
    }
}
