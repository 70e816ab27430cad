#if canImport(Glibc)
import Glibc
#endif

/// A set of byte strings, each with a dense id in insertion order (0, 1, 2, …): the index's term → id map, a
/// document's bag of words while it is analyzed, and the stop-word set.
///
/// Keys live back to back in one byte array and the table is open addressing with linear probing, so a lookup hashes
/// the bytes once and compares in place — no `String` per token, no allocation per key.
struct TermDictionary: Sendable {
    private var keyBytes: [UInt8] = []
    /// Key `id` is `keyBytes[keyStarts[id] ..< keyStarts[id + 1]]`.
    private var keyStarts: [Int32] = [0]
    private var keyHashes: [UInt32] = []
    /// Power-of-two sized; `emptySlot` or an id.
    private var slots: [Int32]

    private static let emptySlot: Int32 = -1
    /// Grow when more than half full: linear probing stays short (expected ~1.5 probes per hit) at that load.
    private static let maxLoadNumerator = 1
    private static let maxLoadDenominator = 2
    private static let initialSlots = 16
    /// Terms average under 8 bytes.
    private static let reservedBytesPerKey = 8

    /// An empty dictionary sized for about `capacity` keys.
    init(capacity: Int = 0) {
        var size = Self.initialSlots
        while size * Self.maxLoadNumerator < capacity * Self.maxLoadDenominator { size *= 2 }
        slots = Array(repeating: Self.emptySlot, count: size)
        keyHashes.reserveCapacity(capacity)
        keyStarts.reserveCapacity(capacity + 1)
        keyBytes.reserveCapacity(capacity * Self.reservedBytesPerKey)
    }

    /// The number of keys.
    var count: Int { keyHashes.count }

    /// The id of `key`, or nil.
    func id(of key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(key)
        var slot = Int(hash) & (slots.count - 1)
        while true {
            let id = slots[slot]
            if id == Self.emptySlot { return nil }
            if keyHashes[Int(id)] == hash && keyEquals(Int(id), key) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }
    }

    /// The id of `key`, adding it first when absent.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        let hash = Self.hash(key)
        var slot = Int(hash) & (slots.count - 1)
        while true {
            let id = slots[slot]
            if id == Self.emptySlot { break }
            if keyHashes[Int(id)] == hash && keyEquals(Int(id), key) { return (id, false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        let id = Int32(keyHashes.count)
        keyBytes.append(contentsOf: key)
        keyStarts.append(Int32(keyBytes.count))
        keyHashes.append(hash)
        slots[slot] = id
        if keyHashes.count * Self.maxLoadDenominator > slots.count * Self.maxLoadNumerator { grow() }
        return (id, true)
    }

    /// `insert` for a Swift string.
    @discardableResult
    mutating func insert(_ key: String) -> (id: Int32, inserted: Bool) {
        var key = key
        return key.withUTF8 { insert($0) }
    }

    /// `id(of:)` for a Swift string.
    func id(of key: String) -> Int32? {
        var key = key
        return key.withUTF8 { id(of: $0) }
    }

    /// Calls `body` with the bytes of key `id`.
    func withKey<T>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let range = Int(keyStarts[Int(id)])..<Int(keyStarts[Int(id) + 1])
        return try keyBytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Key `id` as a string (keys are UTF-8 produced by the analyzer).
    func key(_ id: Int32) -> String {
        withKey(id) { String(decoding: $0, as: UTF8.self) }
    }

    private func keyEquals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(keyStarts[id])
        let length = Int(keyStarts[id + 1]) - start
        guard length == key.count else { return false }
        guard length > 0 else { return true }
        return keyBytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, key.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = Array(repeating: Self.emptySlot, count: size)
        for id in 0..<keyHashes.count {
            var slot = Int(keyHashes[id]) & (size - 1)
            while grown[slot] != Self.emptySlot { slot = (slot + 1) & (size - 1) }
            grown[slot] = Int32(id)
        }
        slots = grown
    }

    /// FNV-1a (offset basis 2166136261, prime 16777619) with a final avalanche so the low bits used as the slot
    /// index depend on every byte.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in key { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        hash ^= hash >> 15
        hash = hash &* 0x2C1B_3C6D
        hash ^= hash >> 12
        return hash
    }
}
