import Threading

/// Recently computed vectors by (model, text), bounded in bytes, least recently used evicted first. Queries repeat
/// (dashboards, retries, evaluation runs) and documents share boilerplate chunks; a hit costs a dictionary lookup
/// instead of a forward pass. Keys hold the text itself, not a hash of it, so a collision can never return another
/// text's vector.
package final class EmbeddingCache: Sendable {
    private struct Key: Hashable, Sendable {
        var model: String
        var text: String
    }

    private let entries: LRUCache<Key, [Float]>

    /// A cache of at most `capacityBytes` (texts and vectors counted, plus 64 bytes of bookkeeping per entry).
    package init(capacityBytes: Int = 64 << 20) {
        entries = LRUCache(capacityBytes: capacityBytes) { key, vector in
            key.model.utf8.count + key.text.utf8.count + vector.count * MemoryLayout<Float>.stride + 64
        }
    }

    /// The most bytes of text and vectors kept.
    package var capacityBytes: Int { entries.capacityBytes }

    /// Lookups that found a vector, and that did not.
    package var statistics: (hits: Int, misses: Int) { entries.statistics }

    /// The cached vector of `text` under `model`, marking it recently used.
    package func vector(model: String, text: String) -> [Float]? {
        entries.value(for: Key(model: model, text: text))
    }

    /// Remembers `vector` for `text` under `model`, evicting the least recently used entries beyond the capacity.
    package func store(_ vector: [Float], model: String, text: String) {
        entries.store(vector, for: Key(model: model, text: text))
    }
}

/// An embedder that answers from an `EmbeddingCache` where it can and asks the wrapped one only for the rest, in one
/// batch, keeping the input order.
package struct CachedEmbedder: Embedder {
    package let base: any Embedder
    package let cache: EmbeddingCache

    /// Wraps `base` with `cache` (which may be shared by several embedders: keys include the model).
    package init(_ base: any Embedder, cache: EmbeddingCache) {
        self.base = base
        self.cache = cache
    }

    package var model: String { base.model }
    package var dimensions: Int { base.dimensions }

    package func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        var vectors = [[Float]?](repeating: nil, count: texts.count)
        var missing: [Int] = []
        for (position, text) in texts.enumerated() {
            if let cached = cache.vector(model: base.model, text: text) { vectors[position] = cached } else { missing.append(position) }
        }
        if !missing.isEmpty {
            let computed = try base.embed(missing.map { texts[$0] })
            for (position, vector) in zip(missing, computed) {
                vectors[position] = vector
                cache.store(vector, model: base.model, text: texts[position])
            }
        }
        return vectors.map { $0 ?? [] }
    }
}
