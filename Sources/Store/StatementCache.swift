/// A connection's prepared statements keyed by SQL text, least recently used evicted first.
///
/// Preparing parses and plans the SQL; the store runs the same few dozen statements all day, so reusing them saves
/// that work on every call. The capacity is small, so eviction scans for the oldest entry instead of keeping a list.
final class StatementCache {
    private struct Entry {
        let statement: Statement
        var lastUse: UInt64
    }

    private var entries: [String: Entry] = [:]
    private var useCounter: UInt64 = 0
    /// The most statements kept; 0 disables caching.
    let capacity: Int

    init(capacity: Int) {
        precondition(capacity >= 0, "statement cache capacity must not be negative")
        self.capacity = capacity
    }

    /// The number of cached statements.
    var count: Int { entries.count }

    /// The cached statement for `sql`, marked as just used.
    func statement(for sql: String) -> Statement? {
        // One lookup: hashing the SQL text is most of what a hit costs.
        guard let index = entries.index(forKey: sql) else { return nil }
        useCounter += 1
        entries.values[index].lastUse = useCounter
        return entries.values[index].statement
    }

    /// Caches `statement` under its SQL text, evicting the least recently used entry when full.
    func insert(_ statement: Statement) {
        guard capacity > 0 else { return }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            entries[oldest.key] = nil
        }
        useCounter += 1
        entries[statement.sql] = Entry(statement: statement, lastUse: useCounter)
    }

    /// Drops every statement (each is finalized once no caller holds it any more).
    func removeAll() {
        entries.removeAll()
    }
}
