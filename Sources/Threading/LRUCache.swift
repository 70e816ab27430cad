import Synchronization

/// A map bounded in bytes that forgets the least recently used entries first, safe to share between threads.
/// `size` says what an entry costs; the bookkeeping is small beside the values it is meant for (vectors, texts).
///
/// The recency list lives in an array with free slots reused, so a hit moves two indices rather than allocating.
package final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Node {
        var key: Key?
        var value: Value?
        var bytes: Int
        var older: Int?
        var newer: Int?
    }

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
    private let size: @Sendable (Key, Value) -> Int
    /// The most bytes the entries may cost together.
    package let capacityBytes: Int

    package init(capacityBytes: Int, size: @escaping @Sendable (Key, Value) -> Int) {
        self.capacityBytes = max(0, capacityBytes)
        self.size = size
    }

    /// Lookups that found a value, and that did not.
    package var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// Entries held.
    package var count: Int { state.withLock { $0.index.count } }

    /// The value of `key`, marking it recently used.
    package func value(for key: Key) -> Value? {
        state.withLock { Self.lookup(key, in: &$0) }
    }

    /// The values of `keys` in order (nil where absent), marking them recently used, under one lock: a caller with
    /// several keys should not queue for the lock once per key.
    package func values(for keys: [Key]) -> [Value?] {
        state.withLock { state in keys.map { Self.lookup($0, in: &state) } }
    }

    private static func lookup(_ key: Key, in state: inout State) -> Value? {
        guard let slot = state.index[key] else {
            state.misses += 1
            return nil
        }
        state.hits += 1
        unlink(slot, in: &state)
        pushNewest(slot, in: &state)
        return state.nodes[slot].value
    }

    /// Keeps `value` for `key` (replacing an older value), evicting the least recently used entries beyond the
    /// capacity. An entry larger than the whole capacity is not kept; a capacity of 0 keeps nothing.
    package func store(_ value: Value, for key: Key) {
        store([(key, value)])
    }

    /// `store(_:for:)` of each pair, in order, under one lock.
    package func store(_ entries: [(key: Key, value: Value)]) {
        guard capacityBytes > 0 else { return }
        let sized = entries.map { (key: $0.key, value: $0.value, bytes: size($0.key, $0.value)) }
            .filter { $0.bytes <= capacityBytes }
        guard !sized.isEmpty else { return }
        state.withLock { state in
            for (key, value, bytes) in sized {
                Self.insert(value, for: key, bytes: bytes, capacity: capacityBytes, in: &state)
            }
        }
    }

    private static func insert(_ value: Value, for key: Key, bytes: Int, capacity: Int, in state: inout State) {
        if let slot = state.index.removeValue(forKey: key) { release(slot, in: &state) }
        while state.bytes + bytes > capacity, let oldest = state.oldest {
            if let evicted = state.nodes[oldest].key { state.index[evicted] = nil }
            release(oldest, in: &state)
        }
        let node = Node(key: key, value: value, bytes: bytes, older: nil, newer: nil)
        let slot: Int
        if let reused = state.free.popLast() {
            slot = reused
            state.nodes[slot] = node
        } else {
            slot = state.nodes.count
            state.nodes.append(node)
        }
        state.index[key] = slot
        state.bytes += bytes
        pushNewest(slot, in: &state)
    }

    /// Unlinks `slot` (already out of the index), frees its value and offers it for reuse.
    private static func release(_ slot: Int, in state: inout State) {
        unlink(slot, in: &state)
        state.bytes -= state.nodes[slot].bytes
        state.nodes[slot] = Node(key: nil, value: nil, bytes: 0, older: nil, newer: nil)
        state.free.append(slot)
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
