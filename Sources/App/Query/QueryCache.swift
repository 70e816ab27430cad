import Synchronization
import Threading

/// Answers kept for repeated questions. Exact: the normalized query text within a scope. Semantic: a query whose
/// embedding is within `threshold` cosine of a cached one in the same scope. The scope names everything else that
/// shapes an answer — the knowledge bases with their index generations and configs, the request's options, filters
/// and prompt — so a change to a knowledge base (a new generation) or to any option simply misses, and stale
/// entries age out of the LRU.
final class QueryCache<Value: Sendable>: Sendable {
    struct Settings: Sendable {
        var enabled = true
        var maxEntries = 10_000
        /// Bytes the entries may hold in all (chunk texts dominate): the entry count alone would let large chunks
        /// and many distinct questions take gigabytes.
        var maxBytes = 64 << 20
        var ttlSeconds = 3_600.0
        /// Cosine similarity at or above which two queries share an answer. MiniLM scores rephrasings of one
        /// question at 0.9–0.97 and different questions on one topic at 0.6–0.9, so 0.95 trades hits for safety.
        var semanticThreshold: Float = 0.95
        /// Entries compared per scope in a semantic lookup (a linear scan, newest first).
        var semanticScan = 512
    }

    enum Hit: String { case exact, semantic }

    private struct Key: Hashable {
        var scope: String
        var text: String
    }

    private struct Entry {
        var value: Value
        var vector: [Float]?
        var expires: UInt64
        var used: UInt64
        var bytes: Int
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// Keys per scope, oldest first, for the semantic scan.
        var byScope: [String: [Key]] = [:]
        var tick: UInt64 = 0
        var bytes = 0
    }

    let settings: Settings
    private let state = Mutex(State())

    init(settings: Settings) {
        self.settings = settings
    }

    /// Lower case, whitespace collapsed, trailing punctuation dropped: "What is HNSW?" and "what is  hnsw" are one.
    static func normalize(_ text: String) -> String {
        var words = text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let last = words.last, "?!.".contains(last) { words.removeLast() }
        return words
    }

    func exact(scope: String, text: String) -> Value? {
        guard settings.enabled else { return nil }
        let key = Key(scope: scope, text: Self.normalize(text))
        let now = MonotonicClock.now
        return state.withLock { state in
            guard var entry = state.entries[key] else { return nil }
            guard entry.expires > now else {
                Self.remove(key, from: &state)
                return nil
            }
            state.tick += 1
            entry.used = state.tick
            state.entries[key] = entry
            return entry.value
        }
    }

    func semantic(scope: String, vector: [Float]) -> Value? {
        guard settings.enabled, !vector.isEmpty else { return nil }
        let now = MonotonicClock.now
        return state.withLock { state in
            guard let keys = state.byScope[scope] else { return nil }
            var best: (key: Key, similarity: Float)?
            for key in keys.suffix(settings.semanticScan).reversed() {
                guard let entry = state.entries[key], entry.expires > now, let other = entry.vector,
                      other.count == vector.count else { continue }
                var dot: Float = 0
                for index in vector.indices { dot += vector[index] * other[index] }
                if dot >= settings.semanticThreshold && dot > (best?.similarity ?? -2) { best = (key, dot) }
            }
            guard let best else { return nil }
            state.tick += 1
            state.entries[best.key]?.used = state.tick
            return state.entries[best.key]?.value
        }
    }

    /// Keeps `value` for `text` in `scope`; `bytes` is roughly what it holds in memory.
    func store(_ value: Value, scope: String, text: String, vector: [Float]?, bytes: Int = 0) {
        let size = bytes + text.utf8.count + scope.utf8.count + (vector?.count ?? 0) * 4
        guard settings.enabled, settings.maxEntries > 0, size <= settings.maxBytes / 4 else { return }
        let key = Key(scope: scope, text: Self.normalize(text))
        let expires = MonotonicClock.now + MonotonicClock.nanoseconds(settings.ttlSeconds)
        state.withLock { state in
            state.tick += 1
            if let old = state.entries.removeValue(forKey: key) {
                state.bytes -= old.bytes
                state.byScope[scope]?.removeAll { $0 == key }
            }
            state.entries[key] = Entry(value: value, vector: vector, expires: expires, used: state.tick, bytes: size)
            state.byScope[scope, default: []].append(key)
            state.bytes += size
            if state.entries.count > settings.maxEntries || state.bytes > settings.maxBytes {
                Self.evict(&state, keeping: settings.maxEntries, bytes: settings.maxBytes)
            }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Drops least recently used entries until a tenth of each limit is free, so eviction is amortized over many
    /// stores.
    private static func evict(_ state: inout State, keeping limit: Int, bytes byteLimit: Int) {
        let entryTarget = limit - max(limit / 10, 1)
        let byteTarget = byteLimit - byteLimit / 10
        for (key, entry) in state.entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard state.entries.count > entryTarget || state.bytes > byteTarget else { break }
            state.entries[key] = nil
            state.bytes -= entry.bytes
        }
        for (scope, keys) in state.byScope {
            let kept = keys.filter { state.entries[$0] != nil }
            state.byScope[scope] = kept.isEmpty ? nil : kept
        }
    }

    private static func remove(_ key: Key, from state: inout State) {
        if let entry = state.entries.removeValue(forKey: key) { state.bytes -= entry.bytes }
        state.byScope[key.scope]?.removeAll { $0 == key }
        if state.byScope[key.scope]?.isEmpty == true { state.byScope[key.scope] = nil }
    }
}
