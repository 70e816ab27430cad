import Partition
import Synchronization

/// Why a running task was asked to stop.
package enum StopReason: Int, Sendable {
    /// The job was canceled, or its document or knowledge base deleted.
    case canceled = 1
    /// The server is shutting down: the task goes back to the queue for the next start.
    case shutdown = 2
}

/// The stop flag of one running task. Checked between stages and batches; a running parse sees it through its
/// `PartitionBudget`, which it checks in its loops.
package final class StopSignal: Sendable {
    private let reason = Atomic<Int>(0)
    private let budget = Mutex<PartitionBudget?>(nil)

    package init() {}

    /// The reason, once stopped.
    package var stopReason: StopReason? { StopReason(rawValue: reason.load(ordering: .acquiring)) }

    /// Asks the task to stop (the first reason wins).
    package func stop(_ why: StopReason) {
        _ = reason.compareExchange(expected: 0, desired: why.rawValue, ordering: .acquiringAndReleasing)
        budget.withLock { $0?.cancel() }
    }

    /// Connects the parse in progress, so `stop` interrupts it.
    func attach(_ partitionBudget: PartitionBudget) {
        budget.withLock { $0 = partitionBudget }
        if stopReason != nil { partitionBudget.cancel() }
    }
}

/// The tasks running right now, to stop them when their job is canceled or their document or knowledge base goes.
final class InFlight: Sendable {
    private struct Entry {
        let ref: TaskRef
        let kbID: String
        let signal: StopSignal
    }

    private let entries = Mutex<[TaskRef: Entry]>([:])

    var count: Int { entries.withLock { $0.count } }

    func register(_ ref: TaskRef, kb kbID: String) -> StopSignal {
        let signal = StopSignal()
        entries.withLock { $0[ref] = Entry(ref: ref, kbID: kbID, signal: signal) }
        return signal
    }

    func remove(_ ref: TaskRef) {
        entries.withLock { _ = $0.removeValue(forKey: ref) }
    }

    /// Stops every running task matching `predicate` (given its reference and knowledge base).
    func stop(_ reason: StopReason, where predicate: (TaskRef, String) -> Bool) {
        let signals = entries.withLock { $0.values.filter { predicate($0.ref, $0.kbID) }.map(\.signal) }
        for signal in signals { signal.stop(reason) }
    }
}
