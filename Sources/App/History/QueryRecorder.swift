import Observability
import Store
import Threading

/// Writes query history and traces in batches on a background thread. A query must not wait for its own history
/// row: it would wait for a commit, and queries would queue for the one writer connection.
/// A batch gathers for up to `lingerSeconds` after its first entry, so under load the thread commits a few times a
/// second instead of once per handful of queries (each commit writes the indexes' hot pages again). Batches commit
/// without a sync of their own (`withRelaxedSync`): history already waits in memory before it is written, so a
/// power cut could lose the last moments of it anyway, and a sync per commit would buy nothing for them.
/// Readers of history call `flush()` first, so a client that reads its query right after the answer finds it.
final class QueryRecorder: @unchecked Sendable {
    struct Entry: Sendable {
        var org: OrgID
        var query: QueryRecord
        var trace: TraceRecord
        /// A conversation this query starts (written before the query that names it).
        var newConversation: ConversationRecord?
    }

    private let database: Database
    private let logger: Logger
    private let lock = ConditionLock()
    private var pending: [Entry] = []
    /// Entries accepted so far, and entries whose transaction has ended (committed or failed).
    private var accepted = 0
    private var written = 0
    private var stopping = false
    /// Readers waiting in `flush()`: the batch is written at once rather than after the linger.
    private var flushing = 0
    private var thread: OSThread?
    /// Entries waiting beyond this are dropped (and counted): history must never exhaust memory under overload.
    private let capacity: Int
    private var droppedCount = 0

    /// Entries dropped because the queue was full, since start.
    var dropped: Int { lock.withLock { droppedCount } }

    /// Entries waiting to be written.
    var backlog: Int { lock.withLock { pending.count } }

    /// Exposes the backlog and the drops: an operator should see the history writer falling behind (a saturated
    /// host, a slow disk) before it drops anything.
    func register(in registry: MetricsRegistry) {
        registry.gaugeFunction(name: "ragd_query_history_backlog",
                               help: "Query history entries waiting to be written.") { [self] in Double(backlog) }
        registry.counterFunction(name: "ragd_query_history_dropped_total",
                                 help: "Query history entries dropped because the writer fell too far behind.") {
            [self] in Double(dropped)
        }
    }

    private let linger: UInt64
    private let batchLimit = 1_000

    init(database: Database, logger: Logger, capacity: Int = 20_000, lingerSeconds: Double = 0.1) {
        self.database = database
        self.logger = logger
        self.capacity = capacity
        linger = MonotonicClock.nanoseconds(lingerSeconds)
        thread = OSThread.spawn(name: "ragd-query-log") { [self] in run() }
    }

    /// Queues `entry` for the next batch.
    func record(_ entry: Entry) {
        lock.withLock {
            guard pending.count < capacity, !stopping else {
                droppedCount += 1
                return
            }
            pending.append(entry)
            accepted += 1
            // The writer sleeps until a batch starts, then lingers: wake it only when that changes.
            if pending.count == 1 || pending.count == batchLimit { lock.broadcast() }
        }
    }

    /// Returns once everything recorded before the call is written.
    func flush() {
        lock.withLock {
            let target = accepted
            guard written < target else { return }
            flushing += 1
            lock.broadcast()
            while written < target { lock.wait() }
            flushing -= 1
        }
    }

    /// Writes what is queued and stops the thread.
    func shutdown() {
        lock.withLock {
            stopping = true
            lock.broadcast()
        }
        thread?.join()
        thread = nil
    }

    private func run() {
        while true {
            let batch: [Entry] = lock.withLock {
                while pending.isEmpty && !stopping { lock.wait() }
                let deadline = MonotonicClock.now + linger
                while !stopping && flushing == 0 && pending.count < batchLimit && MonotonicClock.now < deadline {
                    lock.wait(until: deadline)
                }
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            if batch.isEmpty { return }
            do {
                try database.write { db in
                    try db.withRelaxedSync { try db.transaction(.immediate) { try Self.write(batch, on: db) } }
                }
            } catch {
                // An organization deleted meanwhile (foreign key) fails the batch; write the rest one by one.
                for var entry in batch {
                    do {
                        try database.write { db in
                            do {
                                try db.transaction(.immediate) { try Self.write([entry], on: db) }
                            } catch where entry.query.conversationID != nil && entry.newConversation == nil {
                                // The conversation was deleted meanwhile: the query is still history (and usage).
                                entry.query.conversationID = nil
                                try db.transaction(.immediate) { try Self.write([entry], on: db) }
                            }
                        }
                    } catch {
                        logger.warn("query history not written", [("query_id", .string(entry.query.id)),
                                                                  ("error", .string(String(describing: error)))])
                    }
                }
            }
            lock.withLock {
                written += batch.count
                lock.broadcast()
            }
        }
    }

    /// Conversations first (a query names the one it starts), then traces, then the queries with their usage.
    private static func write(_ entries: [Entry], on db: SQLiteConnection) throws {
        for entry in entries {
            if let conversation = entry.newConversation {
                try ConversationRepository.insert(conversation, in: entry.org, on: db)
            } else if let conversation = entry.query.conversationID {
                try ConversationRepository.touch(conversation, at: entry.query.createdAt, in: entry.org, on: db)
            }
            try TraceRepository.insert(entry.trace, in: entry.org, on: db)
        }
        try QueryRepository.insert(entries.map { ($0.org, $0.query) }, on: db)
    }
}
