import Auth
import Observability
import Store
import Threading

/// A background thread doing periodic clean-up: expired refresh tokens and sessions, revocations no access token
/// can outlive any more, query traces past their retention, and query history and idle conversations past theirs.
/// Without it those tables only grow.
final class Housekeeping: Sendable {
    /// How long each kind of record is kept.
    struct Retention: Sendable {
        /// Query history and idle conversations, in days; 0 keeps them.
        var historyDays = 0
        var traceDays = 30
    }

    private let stop = BlockingQueue<Bool>(capacity: 1)
    private let thread: OSThread
    /// Rows deleted per write transaction, so the writer is never held long and other writes go between.
    static let batchSize = 5_000

    /// Starts the thread; the first round runs right away, then every `interval` seconds.
    init(database: Database, runtime: AuthRuntime, logger: Logger, retention: Retention = Retention(),
         interval: Double = 3600) {
        let stop = self.stop
        thread = OSThread.spawn(name: "ragd-housekeeping", priority: .background) {
            repeat {
                do {
                    let removed = try Self.round(database: database, accessTokenSeconds: runtime.settings.accessTokenSeconds,
                                                 retention: retention, now: runtime.nowMilliseconds)
                    if removed > 0 { logger.info("housekeeping", [("rows_removed", .int(removed))]) }
                } catch {
                    logger.warn("housekeeping failed", [("error", .string(String(describing: error)))])
                }
            } while stop.pop(until: MonotonicClock.now + MonotonicClock.nanoseconds(interval)) == nil && !stop.isClosed
        }
    }

    /// One round of clean-up at `now` (Unix ms), deleting at most `batchSize` rows per write transaction; returns
    /// the rows removed.
    static func round(database: Database, accessTokenSeconds: Double, retention: Retention, now: Int64,
                      batchSize: Int = batchSize) throws -> Int {
        let day: Int64 = 86_400_000
        var removed = try database.write { db in
            try Maintenance.prune(expiredBefore: now - day,
                                  revokedBefore: now - Int64((accessTokenSeconds + 60) * 1000), on: db)
        }
        let historyCutoff = retention.historyDays > 0 ? now - Int64(retention.historyDays) * day : nil
        let traceCutoff = max(now - Int64(retention.traceDays) * day, historyCutoff ?? .min)
        removed += try drain(batchSize) { limit in
            try database.write { try TraceRepository.prune(olderThan: traceCutoff, limit: limit, on: $0) }
        }
        guard let historyCutoff else { return removed }
        removed += try drain(batchSize) { limit in
            try database.write { try QueryRepository.prune(olderThan: historyCutoff, limit: limit, on: $0) }
        }
        var after: Int64? = 0
        while let start = after {
            let (count, next) = try database.write { db in
                try ConversationRepository.prune(idleBefore: historyCutoff, after: start, limit: batchSize, on: db)
            }
            removed += count
            after = next
        }
        return removed
    }

    /// Calls `prune(batchSize)` (one write transaction) until a call removes less than a whole batch; returns the
    /// total.
    private static func drain(_ batchSize: Int, _ prune: (Int) throws -> Int) throws -> Int {
        var total = 0
        while true {
            let count = try prune(batchSize)
            total += count
            if count < batchSize { return total }
        }
    }

    /// Stops the thread and waits for it.
    func shutdown() {
        stop.close()
        thread.join()
    }
}
