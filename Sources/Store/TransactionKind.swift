/// How an outermost transaction takes its locks (`BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE`).
package enum TransactionKind: Sendable, CaseIterable {
    /// Locks on first read/write. Enough on ragd's single writer connection, where no other writer competes.
    case deferred
    /// Takes the write lock at BEGIN, so the transaction cannot fail with SQLITE_BUSY half-way through.
    case immediate
    /// Like immediate; in WAL mode readers still proceed.
    case exclusive

    var beginSQL: String {
        switch self {
        case .deferred: "BEGIN DEFERRED"
        case .immediate: "BEGIN IMMEDIATE"
        case .exclusive: "BEGIN EXCLUSIVE"
        }
    }
}
