import Synchronization

/// A map bounded in bytes that forgets the least recently used entries first, safe to share between threads.
/// `size` says what an entry costs; the bookkeeping is small beside the values it is meant for (vectors, texts).
///
/// The recency list lives in an array with free slots reused, so a hit moves two indices rather than allocating.
package final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// An entry's key, value and cost. Kept apart from the recency links so that moving an entry to the front
    /// (every hit) touches two small integers, not a copy of the key and value (generic copies: retains and value
    /// witness calls).
    private struct Entry {
        var key: Key
        var value: Value
        var bytes: Int
    }

    /// A slot's neighbours in the recency list (`none` at either end).
    private struct Link {
        var older: Int32 = none
        var newer: Int32 = none
    }

    private static var none: Int32 { -1 }

    private struct State {
        var entries: [Entry?] = []
        var links: [Link] = []
        var free: [Int32] = []
        var index: [Key: Int32] = [:]
        var newest: Int32 = none
        var oldest: Int32 = none
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
        return state.entries[Int(slot)]?.value
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
        while state.bytes + bytes > capacity, state.oldest != none {
            let oldest = state.oldest
            if let evicted = state.entries[Int(oldest)]?.key { state.index[evicted] = nil }
            release(oldest, in: &state)
        }
        let entry = Entry(key: key, value: value, bytes: bytes)
        let slot: Int32
        if let reused = state.free.popLast() {
            slot = reused
            state.entries[Int(slot)] = entry
        } else {
            // Slots are Int32: entries are values worth caching, far fewer than 2³¹ of them fit in memory.
            slot = Int32(state.entries.count)
            state.entries.append(entry)
            state.links.append(Link())
        }
        state.index[key] = slot
        state.bytes += bytes
        pushNewest(slot, in: &state)
    }

    /// Unlinks `slot` (already out of the index), frees its value and offers it for reuse.
    private static func release(_ slot: Int32, in state: inout State) {
        unlink(slot, in: &state)
        state.bytes -= state.entries[Int(slot)]?.bytes ?? 0
        state.entries[Int(slot)] = nil
        state.free.append(slot)
    }

    private static func unlink(_ slot: Int32, in state: inout State) {
        let link = state.links[Int(slot)]
        if link.older != none { state.links[Int(link.older)].newer = link.newer } else { state.oldest = link.newer }
        if link.newer != none { state.links[Int(link.newer)].older = link.older } else { state.newest = link.older }
        state.links[Int(slot)] = Link()
    }

    private static func pushNewest(_ slot: Int32, in state: inout State) {
        state.links[Int(slot)] = Link(older: state.newest, newer: none)
        if state.newest != none { state.links[Int(state.newest)].newer = slot }
        state.newest = slot
        if state.oldest == none { state.oldest = slot }
    }
}
