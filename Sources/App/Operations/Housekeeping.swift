import Auth
import Observability
import Store
import Threading

/// A background thread doing periodic clean-up: expired refresh tokens and sessions, revocations no access token
/// can outlive any more, and query traces past their retention. Without it those tables only grow.
final class Housekeeping: Sendable {
    private let stop = BlockingQueue<Bool>(capacity: 1)
    private let thread: OSThread

    /// How long traces are kept, in milliseconds (30 days).
    static let traceRetention: Int64 = 30 * 86_400_000

    /// Starts the thread; the first round runs right away, then every `interval` seconds.
    init(database: Database, runtime: AuthRuntime, logger: Logger, interval: Double = 3600) {
        let stop = self.stop
        thread = OSThread.spawn(name: "ragd-housekeeping", priority: .background) {
            repeat {
                let now = runtime.nowMilliseconds
                do {
                    let removed = try database.write { db in
                        try Maintenance.prune(expiredBefore: now - 86_400_000,
                                              revokedBefore: now - Int64((runtime.settings.accessTokenSeconds + 60) * 1000),
                                              on: db)
                            // Traces are for debugging recent queries; history (the queries table) is kept.
                            + TraceRepository.prune(olderThan: now - Self.traceRetention, limit: 50_000, on: db)
                    }
                    if removed > 0 { logger.info("housekeeping", [("rows_removed", .int(removed))]) }
                } catch {
                    logger.warn("housekeeping failed", [("error", .string(String(describing: error)))])
                }
            } while stop.pop(until: MonotonicClock.now + MonotonicClock.nanoseconds(interval)) == nil && !stop.isClosed
        }
    }

    /// Stops the thread and waits for it.
    func shutdown() {
        stop.close()
        thread.join()
    }
}
