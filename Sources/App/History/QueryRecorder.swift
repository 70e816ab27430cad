import Observability
import Store
import Threading

/// Writes query history and traces in batches on a background thread. A query must not wait for its own history
/// row: with `synchronous=FULL` every commit is an fsync, which would cap the server at the disk's commit rate.
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
    private var thread: OSThread?
    /// Entries waiting beyond this are dropped (and counted): history must never exhaust memory under overload.
    private let capacity: Int
    private(set) var dropped = 0

    init(database: Database, logger: Logger, capacity: Int = 20_000) {
        self.database = database
        self.logger = logger
        self.capacity = capacity
        thread = OSThread.spawn(name: "ragd-query-log") { [self] in run() }
    }

    /// Queues `entry` for the next batch.
    func record(_ entry: Entry) {
        lock.withLock {
            guard pending.count < capacity, !stopping else {
                dropped += 1
                return
            }
            pending.append(entry)
            accepted += 1
            lock.broadcast()
        }
    }

    /// Returns once everything recorded before the call is written.
    func flush() {
        lock.withLock {
            let target = accepted
            while written < target { lock.wait() }
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
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            if batch.isEmpty { return }
            do {
                try database.write { db in
                    try db.transaction(.immediate) {
                        for entry in batch { try Self.write(entry, on: db) }
                    }
                }
            } catch {
                // An organization deleted meanwhile (foreign key) fails the batch; write the rest one by one.
                for var entry in batch {
                    do {
                        try database.write { db in
                            do {
                                try db.transaction(.immediate) { try Self.write(entry, on: db) }
                            } catch where entry.query.conversationID != nil && entry.newConversation == nil {
                                // The conversation was deleted meanwhile: the query is still history (and usage).
                                entry.query.conversationID = nil
                                try db.transaction(.immediate) { try Self.write(entry, on: db) }
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

    private static func write(_ entry: Entry, on db: SQLiteConnection) throws {
        if let conversation = entry.newConversation {
            try ConversationRepository.insert(conversation, in: entry.org, on: db)
        } else if let conversation = entry.query.conversationID {
            try ConversationRepository.touch(conversation, at: entry.query.createdAt, in: entry.org, on: db)
        }
        try QueryRepository.insert(entry.query, in: entry.org, on: db)
        try TraceRepository.insert(entry.trace, in: entry.org, on: db)
    }
}
