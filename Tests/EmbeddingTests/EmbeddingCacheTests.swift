import Synchronization
import Testing
@testable import Embedding

@Suite struct EmbeddingCacheTests {
    /// Counts the texts it is asked to embed.
    final class CountingEmbedder: Embedder, Sendable {
        let base = HashEmbedder(dimensions: 16)
        let asked = Mutex<[String]>([])
        var model: String { base.model }
        var dimensions: Int { base.dimensions }
        func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
            asked.withLock { $0 += texts }
            return try base.embed(texts)
        }
    }

    @Test func hitsSkipTheModelAndKeepOrder() throws {
        let counting = CountingEmbedder()
        let cached = CachedEmbedder(counting, cache: EmbeddingCache())
        let first = try cached.embed(["a b", "c d"])
        let second = try cached.embed(["c d", "e f", "a b"])
        #expect(counting.asked.withLock { $0 } == ["a b", "c d", "e f"])
        #expect(second[0] == first[1] && second[2] == first[0])
        #expect(second[1] == (try counting.base.embed(["e f"]))[0])
        #expect(cached.cache.statistics.hits == 2)
    }

    @Test func leastRecentlyUsedIsEvictedFirst() {
        let vector = [Float](repeating: 1, count: 8)
        // Each entry costs model + text + 32 vector bytes + 64 bookkeeping = 100 bytes with these keys.
        let cache = EmbeddingCache(capacityBytes: 300)
        cache.store(vector, model: "m", text: "one")
        cache.store(vector, model: "m", text: "two")
        cache.store(vector, model: "m", text: "six")
        #expect(cache.vector(model: "m", text: "one") != nil)  // now most recent
        cache.store(vector, model: "m", text: "ten")  // evicts "two", the least recently used
        #expect(cache.vector(model: "m", text: "two") == nil)
        #expect(cache.vector(model: "m", text: "one") != nil)
        #expect(cache.vector(model: "m", text: "six") != nil)
        #expect(cache.vector(model: "m", text: "ten") != nil)
        // The model is part of the key.
        #expect(cache.vector(model: "other", text: "one") == nil)
    }

    @Test func oversizedEntriesAreNotKept() {
        let cache = EmbeddingCache(capacityBytes: 100)
        cache.store([Float](repeating: 0, count: 64), model: "m", text: "big")
        #expect(cache.vector(model: "m", text: "big") == nil)
    }
}
