#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threading

/// The single thread that owns the writer connection and runs write closures one after another, in arrival order.
///
/// One writer connection on one thread means SQLite never sees two writers: no SQLITE_BUSY between our own writes and
/// no exposure to the WAL-reset bug of older SQLite releases when two connections write concurrently.
///
/// `@unchecked Sendable`: `connection` is touched only by the writer thread once it has started (and by `init`
/// before); the queue and the thread id are thread-safe; `thread` is only touched by `init` and `shutdown`.
final class WriterThread: @unchecked Sendable {
    private let queue: BlockingQueue<any WriterJob>
    private var connection: SQLiteConnection?
    private var thread: OSThread?
    /// `pthread_self()` of the writer thread while it runs, 0 otherwise; lets `perform` recognise a nested call.
    private let threadID = Atomic<UInt>(0)

    /// Starts the thread; from now on `connection` belongs to it. It is closed when the thread stops.
    init(connection: SQLiteConnection, queueCapacity: Int) {
        self.connection = connection
        self.queue = BlockingQueue(capacity: queueCapacity)
        self.thread = OSThread.spawn(name: "sqlite-writer") { [self] in serve() }
    }

    private func serve() {
        guard let connection else { return }
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        // A closed queue still hands out what it holds: writes accepted before `shutdown` complete.
        while let job = queue.pop() {
            job.run(on: connection)
            // A write that ran BEGIN by hand and returned must not leave the next write inside its transaction.
            connection.rollbackAbandonedTransaction()
        }
        threadID.store(0, ordering: .releasing)
        self.connection = nil
    }

    /// Runs `body` with the writer connection on the writer thread and returns its result, blocking the caller until
    /// then (like a synchronous dispatch). Called from the writer thread itself (a write nested in a write), it runs
    /// `body` right away instead of queueing behind itself forever.
    func perform<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        if threadID.load(ordering: .acquiring) == UInt(pthread_self()) {
            guard let connection else { throw StoreError.closed }
            return try body(connection)
        }
        // The caller is blocked until the job has run and dropped `body`, so `body` never really outlives this call.
        return try withoutActuallyEscaping(body) { body in
            let job = WriteJob(body)
            guard queue.push(job) else {
                job.cancel()
                throw StoreError.closed
            }
            return try job.waitForResult()
        }
    }

    /// Refuses new writes, lets the queued ones finish, stops the thread and closes the connection. Must not be
    /// called from the writer thread (it would wait for itself).
    func shutdown() {
        precondition(threadID.load(ordering: .acquiring) != UInt(pthread_self()),
                     "the database cannot be closed from inside a write")
        queue.close()
        thread?.join()
        thread = nil
    }
}

/// A type-erased unit of work for the writer thread.
private protocol WriterJob: AnyObject {
    func run(on connection: SQLiteConnection)
}

/// One `perform` call: the closure going to the writer thread and the result coming back.
private final class WriteJob<T>: WriterJob {
    private let lock = ConditionLock()
    private var body: ((SQLiteConnection) throws -> T)?
    private var result: Result<T, any Error>?

    init(_ body: @escaping (SQLiteConnection) throws -> T) {
        self.body = body
    }

    func run(on connection: SQLiteConnection) {
        let outcome: Result<T, any Error>
        // Release the closure before waking the caller: `withoutActuallyEscaping` checks that nothing still holds it
        // when the caller's frame returns.
        do {
            let body = lock.withLock { self.body.take() }
            outcome = Result { try body!(connection) }
        }
        lock.withLock {
            result = outcome
            lock.signal()
        }
    }

    /// Drops the closure of a job that was never queued.
    func cancel() {
        lock.withLock { body = nil }
    }

    func waitForResult() throws -> T {
        try lock.withLock {
            while result == nil { lock.wait() }
            return try result!.get()
        }
    }
}
