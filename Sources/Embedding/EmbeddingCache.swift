import Synchronization

/// Recently computed vectors by (model, text), bounded in bytes, least recently used evicted first. Queries repeat
/// (dashboards, retries, evaluation runs) and documents share boilerplate chunks; a hit costs a dictionary lookup
/// instead of a forward pass. Keys hold the text itself, not a hash of it, so a collision can never return another
/// text's vector.
package final class EmbeddingCache: Sendable {
    private struct Key: Hashable {
        var model: String
        var text: String
    }

    private struct Node {
        var key: Key
        var vector: [Float]
        var older: Int?
        var newer: Int?
    }

    /// The LRU list lives in an array with free slots reused, so a hit moves two indices rather than allocating.
    private struct State {
        var nodes: [Node] = []
        var free: [Int] = []
        var index: [Key: Int] = [:]
        var newest: Int?
        var oldest: Int?
        var bytes = 0
        var hits = 0
        var misses = 0
    }

    private let state = Mutex(State())
    /// The most bytes of text and vectors kept.
    package let capacityBytes: Int

    /// A cache of at most `capacityBytes` (texts and vectors counted; bookkeeping is small beside them).
    package init(capacityBytes: Int = 64 << 20) {
        self.capacityBytes = max(0, capacityBytes)
    }

    /// Lookups that found a vector, and that did not.
    package var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// The cached vector of `text` under `model`, marking it recently used.
    package func vector(model: String, text: String) -> [Float]? {
        state.withLock { state in
            guard let slot = state.index[Key(model: model, text: text)] else {
                state.misses += 1
                return nil
            }
            state.hits += 1
            Self.unlink(slot, in: &state)
            Self.pushNewest(slot, in: &state)
            return state.nodes[slot].vector
        }
    }

    /// Remembers `vector` for `text` under `model`, evicting the least recently used entries beyond the capacity.
    package func store(_ vector: [Float], model: String, text: String) {
        let key = Key(model: model, text: text)
        let size = Self.size(key, vector)
        guard size <= capacityBytes else { return }
        state.withLock { state in
            if let slot = state.index[key] {
                Self.unlink(slot, in: &state)
                Self.pushNewest(slot, in: &state)
                return
            }
            while state.bytes + size > capacityBytes, let oldest = state.oldest {
                let evicted = state.nodes[oldest]
                Self.unlink(oldest, in: &state)
                state.index[evicted.key] = nil
                state.bytes -= Self.size(evicted.key, evicted.vector)
                state.nodes[oldest].vector = []
                state.nodes[oldest].key = Key(model: "", text: "")
                state.free.append(oldest)
            }
            let node = Node(key: key, vector: vector, older: nil, newer: nil)
            let slot: Int
            if let reused = state.free.popLast() {
                slot = reused
                state.nodes[slot] = node
            } else {
                slot = state.nodes.count
                state.nodes.append(node)
            }
            state.index[key] = slot
            state.bytes += size
            Self.pushNewest(slot, in: &state)
        }
    }

    private static func size(_ key: Key, _ vector: [Float]) -> Int {
        key.model.utf8.count + key.text.utf8.count + vector.count * MemoryLayout<Float>.stride + 64
    }

    private static func unlink(_ slot: Int, in state: inout State) {
        let node = state.nodes[slot]
        if let older = node.older { state.nodes[older].newer = node.newer } else { state.oldest = node.newer }
        if let newer = node.newer { state.nodes[newer].older = node.older } else { state.newest = node.older }
        state.nodes[slot].older = nil
        state.nodes[slot].newer = nil
    }

    private static func pushNewest(_ slot: Int, in state: inout State) {
        state.nodes[slot].older = state.newest
        state.nodes[slot].newer = nil
        if let newest = state.newest { state.nodes[newest].newer = slot }
        state.newest = slot
        if state.oldest == nil { state.oldest = slot }
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
