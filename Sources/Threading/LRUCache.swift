import Synchronization

/// A map bounded in bytes that forgets the least recently used entries first, safe to share between threads.
/// `size` says what an entry costs; the bookkeeping is small beside the values it is meant for (vectors, texts).
///
/// Entries live in slots of an array, reused when freed; their order of use is a `RecencyList` over the slot
/// numbers, so a hit moves two indices rather than allocating. The list is not generic: called from another module,
/// this class runs unspecialized, and every access to a generic nested type there costs a metadata lookup.
package final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var keys: [Key?] = []
        var values: [Value?] = []
        var index: [Key: Int32] = [:]
        var order = RecencyList()
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
        state.order.markUsed(slot)
        return state.values[Int(slot)]
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
        while state.order.bytes + bytes > capacity, let oldest = state.order.oldest {
            if let evicted = state.keys[Int(oldest)] { state.index[evicted] = nil }
            release(oldest, in: &state)
        }
        let slot = state.order.add(bytes: bytes)
        if Int(slot) == state.keys.count {
            state.keys.append(key)
            state.values.append(value)
        } else {
            state.keys[Int(slot)] = key
            state.values[Int(slot)] = value
        }
        state.index[key] = slot
    }

    /// Frees `slot` (already out of the index) and its key and value.
    private static func release(_ slot: Int32, in state: inout State) {
        state.order.remove(slot)
        state.keys[Int(slot)] = nil
        state.values[Int(slot)] = nil
    }
}

/// The order of use of an `LRUCache`'s slots, newest to oldest, with each slot's cost and the free slots to reuse.
struct RecencyList {
    /// A slot's neighbours in the list (-1 at either end) and its cost.
    private struct Link {
        var older: Int32 = -1
        var newer: Int32 = -1
        var bytes = 0
    }

    private var links: [Link] = []
    private var free: [Int32] = []
    private var newest: Int32 = -1
    private var oldestSlot: Int32 = -1
    /// The cost of the slots in use.
    private(set) var bytes = 0

    /// The least recently used slot, if any.
    var oldest: Int32? { oldestSlot >= 0 ? oldestSlot : nil }

    /// A slot for a new entry costing `bytes`, now the newest: a freed one, or the next past the end (slots are
    /// Int32: entries worth caching are far fewer than 2³¹).
    mutating func add(bytes: Int) -> Int32 {
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
        } else {
            slot = Int32(links.count)
            links.append(Link())
        }
        links[Int(slot)].bytes = bytes
        self.bytes += bytes
        pushNewest(slot)
        return slot
    }

    /// Makes `slot` the newest.
    mutating func markUsed(_ slot: Int32) {
        unlink(slot)
        pushNewest(slot)
    }

    /// Takes `slot` out of the list and offers it for reuse.
    mutating func remove(_ slot: Int32) {
        unlink(slot)
        bytes -= links[Int(slot)].bytes
        links[Int(slot)] = Link()
        free.append(slot)
    }

    private mutating func unlink(_ slot: Int32) {
        let link = links[Int(slot)]
        if link.older >= 0 { links[Int(link.older)].newer = link.newer } else { oldestSlot = link.newer }
        if link.newer >= 0 { links[Int(link.newer)].older = link.older } else { newest = link.older }
        links[Int(slot)].older = -1
        links[Int(slot)].newer = -1
    }

    private mutating func pushNewest(_ slot: Int32) {
        links[Int(slot)].older = newest
        links[Int(slot)].newer = -1
        if newest >= 0 { links[Int(newest)].newer = slot }
        newest = slot
        if oldestSlot < 0 { oldestSlot = slot }
    }
}
