import Threading

/// One document's task of a job: what the scheduler hands to a worker. The database row is the truth; a worker
/// re-reads it when it claims the task, so a stale or repeated reference does no harm.
package struct TaskRef: Sendable, Hashable {
    package var orgID: String
    package var jobID: String
    package var documentID: String

    package init(orgID: String, jobID: String, documentID: String) {
        self.orgID = orgID
        self.jobID = jobID
        self.documentID = documentID
    }
}

/// The in-memory run queue of ingestion, fair across organizations and, within one, across jobs: workers take
/// tasks round-robin — organization by organization, and in each organization job by job — so one tenant's
/// thousand files never wait in front of another tenant's single file (nor one user's bulk import in front of a
/// colleague's upload). Tasks retried after a transient failure wait until their time.
package final class IngestScheduler: @unchecked Sendable {
    private let lock = ConditionLock()
    private var ready = FairQueue()
    private var queued = Set<TaskRef>()
    private var delayed: [(due: Int64, ref: TaskRef)] = []
    private var closed = false
    private let now: @Sendable () -> Int64

    /// A scheduler; `now` is the wall clock in Unix milliseconds (retry times are stored in it).
    package init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    /// Tasks waiting (ready or delayed).
    package var depth: Int { lock.withLock { queued.count } }

    /// Adds a task, runnable from `notBefore` (Unix milliseconds). A task already waiting is not added twice.
    package func enqueue(_ ref: TaskRef, notBefore: Int64 = 0) {
        lock.withLock {
            guard !closed, queued.insert(ref).inserted else { return }
            if notBefore > now() {
                delayed.append((notBefore, ref))
            } else {
                ready.push(ref)
            }
            lock.signal()
        }
    }

    /// The next task in fair order, waiting for one; nil once closed.
    package func take() -> TaskRef? {
        lock.withLock {
            while !closed {
                let current = now()
                if !delayed.isEmpty {
                    delayed.sort { $0.due < $1.due }
                    while let first = delayed.first, first.due <= current {
                        ready.push(first.ref)
                        delayed.removeFirst()
                    }
                }
                if let ref = ready.pop() {
                    queued.remove(ref)
                    return ref
                }
                if let due = delayed.first?.due {
                    _ = lock.wait(until: MonotonicClock.now + UInt64(max(1, due - current)) * 1_000_000)
                } else {
                    lock.wait()
                }
            }
            return nil
        }
    }

    /// Wakes every waiting worker with nil; later `enqueue`s are ignored.
    package func close() {
        lock.withLock {
            closed = true
            lock.broadcast()
        }
    }
}

/// Tasks grouped by organization, then job, served round-robin at both levels.
struct FairQueue {
    private var organizations = Rotation()
    private var jobsByOrganization: [String: Rotation] = [:]
    private var tasksByJob: [String: FIFO<TaskRef>] = [:]

    mutating func push(_ ref: TaskRef) {
        if tasksByJob[ref.jobID] == nil {
            if jobsByOrganization[ref.orgID] == nil {
                organizations.insert(ref.orgID)
                jobsByOrganization[ref.orgID] = Rotation()
            }
            jobsByOrganization[ref.orgID]!.insert(ref.jobID)
            tasksByJob[ref.jobID] = FIFO()
        }
        tasksByJob[ref.jobID]!.push(ref)
    }

    mutating func pop() -> TaskRef? {
        guard let org = organizations.current, let job = jobsByOrganization[org]?.current,
              let ref = tasksByJob[job]?.pop() else { return nil }
        if tasksByJob[job]!.isEmpty {
            tasksByJob[job] = nil
            jobsByOrganization[org]!.removeCurrent()
        } else {
            jobsByOrganization[org]!.advance()
        }
        if jobsByOrganization[org]!.isEmpty {
            jobsByOrganization[org] = nil
            organizations.removeCurrent()
        } else {
            organizations.advance()
        }
        return ref
    }
}

/// Keys visited in turn; new keys join at the end of the round.
struct Rotation {
    private var keys: [String] = []
    private var cursor = 0

    var isEmpty: Bool { keys.isEmpty }
    var current: String? { keys.isEmpty ? nil : keys[cursor] }

    mutating func insert(_ key: String) {
        // Just before the cursor: the newcomer is served after everyone already waiting.
        keys.insert(key, at: cursor)
        cursor += 1
        if cursor == keys.count { cursor = 0 }
    }

    mutating func advance() {
        guard !keys.isEmpty else { return }
        cursor = (cursor + 1) % keys.count
    }

    mutating func removeCurrent() {
        keys.remove(at: cursor)
        if cursor == keys.count { cursor = 0 }
    }
}

/// A first-in first-out queue with amortized O(1) pop.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ item: Element) { items.append(item) }

    mutating func pop() -> Element? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
