#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Threading

/// A log sink that buffers records in memory and writes them to a file descriptor (stdout by default) from a
/// background thread, so request threads never wait on a slow terminal, pipe or log collector.
///
/// The flusher writes the whole buffer with one write(2) every `flushInterval`, as soon as the buffer passes
/// `flushThreshold`, or at once after an `error` record. The buffer is bounded by `capacity`: beyond it records are
/// dropped and counted, and the next flush writes a `warn` note with the count. Write failures (EPIPE, or a
/// non-blocking descriptor still full after `writeTimeout`) drop the unwritten records the same way; nothing crashes
/// or retries in a loop. Call `shutdown()` before the process exits so buffered records are written.
package final class StandardOutputSink: LogSink, @unchecked Sendable {
    /// How long records wait in the buffer at most, in nanoseconds (100 ms).
    package static let defaultFlushInterval: UInt64 = 100_000_000
    /// The buffered size that triggers a flush before the interval ends (64 KiB).
    package static let defaultFlushThreshold = 64 << 10
    /// The most bytes buffered; records beyond it are dropped (8 MiB).
    package static let defaultCapacity = 8 << 20
    /// How long one flush waits for a full non-blocking descriptor before dropping what is left (1 s).
    package static let defaultWriteTimeout: UInt64 = 1_000_000_000

    private let fd: Int32
    private let flushInterval: UInt64
    private let flushThreshold: Int
    private let capacity: Int
    private let writeTimeout: UInt64

    // Guarded by `lock`; the flusher waits on its condition.
    private let lock = ConditionLock()
    private var pending: [UInt8] = []
    private var urgent = false
    private var closed = false
    private var droppedTotal = 0
    private var unreportedDrops = 0
    private var flusher: OSThread?

    /// Held while writing to `fd`, so flushes from any thread write in order; holds the spare buffer swapped with
    /// `pending` (double buffering: no allocation per flush) and whether the last write stopped mid-line.
    private let output = Mutex<(spare: [UInt8], brokenLine: Bool)>(([], false))

    /// Starts the sink and its flusher thread, writing to `fd` (not closed by the sink).
    package init(
        fd: Int32 = STDOUT_FILENO, flushInterval: UInt64 = defaultFlushInterval,
        flushThreshold: Int = defaultFlushThreshold, capacity: Int = defaultCapacity,
        writeTimeout: UInt64 = defaultWriteTimeout
    ) {
        precondition(flushThreshold >= 1 && capacity >= 1)
        self.fd = fd
        self.flushInterval = flushInterval
        self.flushThreshold = flushThreshold
        self.capacity = capacity
        self.writeTimeout = writeTimeout
        pending.reserveCapacity(min(flushThreshold, capacity))
        let thread = OSThread.spawn(name: "ragd-log-flush") { [self] in runFlusher() }
        lock.withLock { flusher = thread }
    }

    /// Buffers `line`, or drops and counts it when the buffer is full; after `shutdown()` writes it directly.
    package func write(_ line: [UInt8], level: LogLevel) {
        lock.lock()
        if closed {
            lock.unlock()
            writeOut(line)
            return
        }
        guard pending.count + line.count <= capacity else {
            droppedTotal += 1
            unreportedDrops += 1
            lock.unlock()
            return
        }
        let wasEmpty = pending.isEmpty
        pending.append(contentsOf: line)
        // Signal only on transitions (first record, first reason to hurry) so a busy logger does not wake the flusher
        // on every record.
        if !urgent && (level >= .error || pending.count >= flushThreshold) {
            urgent = true
            lock.signal()
        } else if wasEmpty {
            lock.signal()
        }
        lock.unlock()
    }

    /// Writes everything buffered so far from the calling thread.
    package func flush() { drain() }

    /// Stops the flusher after a final flush. Later records are written directly by the caller. Idempotent.
    package func shutdown() {
        let thread: OSThread? = lock.withLock {
            closed = true
            lock.signal()
            defer { flusher = nil }
            return flusher
        }
        thread?.join()
        drain()
    }

    /// Records dropped so far, for a full buffer or a failed write.
    package var droppedRecords: Int { lock.withLock { droppedTotal } }

    private func runFlusher() {
        while true {
            let exiting: Bool = lock.withLock {
                // Idle: sleep until there is something to write.
                while !closed && pending.isEmpty && unreportedDrops == 0 { lock.wait() }
                // Let records gather for up to one interval unless told to hurry.
                let deadline = MonotonicClock.now + flushInterval
                while !closed && !urgent {
                    if !lock.wait(until: deadline) { break }
                }
                return closed
            }
            drain()
            if exiting { return }
        }
    }

    /// Swaps the buffer out under the lock and writes it without the lock, so producers only wait for the swap.
    private func drain() {
        output.withLock { output in
            let drops: Int = lock.withLock {
                swap(&pending, &output.spare)
                urgent = false
                defer { unreportedDrops = 0 }
                return unreportedDrops
            }
            var batch = [UInt8]()
            if output.brokenLine { batch.append(UInt8(ascii: "\n")) }  // end the fragment a failed write left
            // A note that cannot be written is not retried (that would keep polling a dead descriptor);
            // `droppedRecords` still holds the total.
            if drops > 0 { batch += Self.dropNote(drops) }
            let noteBytes = batch.count
            guard noteBytes > 0 || !output.spare.isEmpty else { return }
            if noteBytes > 0 { output.spare.insert(contentsOf: batch, at: 0) }
            let written = writeAll(output.spare)
            // A write that stopped inside a line leaves a fragment the next batch must terminate first.
            if written > 0 { output.brokenLine = output.spare[written - 1] != UInt8(ascii: "\n") }
            if written < output.spare.count {
                // Every record whose line feed was not written is lost; the note itself is not a record.
                let lost = output.spare[max(written, noteBytes)...].count(where: { $0 == UInt8(ascii: "\n") })
                lock.withLock {
                    droppedTotal += lost
                    unreportedDrops += lost
                }
            }
            // Keep the spare's storage for the next swap unless a burst grew it far past the usual size.
            output.spare.removeAll(keepingCapacity: output.spare.capacity <= 4 * flushThreshold)
        }
    }

    /// Writes `line` directly (after shutdown), counting it as dropped if it cannot be written.
    private func writeOut(_ line: [UInt8]) {
        output.withLock { _ in
            if writeAll(line) < line.count { lock.withLock { droppedTotal += 1 } }
        }
    }

    /// Writes `bytes`, retrying on EINTR and short writes and waiting in poll(2) while a non-blocking descriptor is
    /// full, up to `writeTimeout`. Returns how many bytes were written; stops early on any other error.
    private func writeAll(_ bytes: [UInt8]) -> Int {
        var offset = 0
        var deadline: UInt64?
        bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let count = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if count > 0 {
                    offset += count
                    continue
                }
                guard count < 0 else { return }
                if errno == EINTR { continue }
                guard errno == EAGAIN || errno == EWOULDBLOCK else { return }  // EPIPE, EBADF, ENOSPC…: give up
                let now = MonotonicClock.now
                let end = deadline ?? now + writeTimeout
                deadline = end
                guard now < end else { return }
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, Int32(min((end - now) / 1_000_000 + 1, 1_000)))
            }
        }
        return offset
    }

    /// The `warn` record reporting `count` dropped records.
    private static func dropNote(_ count: Int) -> [UInt8] {
        LogRecordEncoder.encode(
            level: .warn, message: "log records dropped", fields: [("dropped", .int(count))],
            timestamp: { LogTimestamp.shared.appendNow(to: &$0) }
        )
    }
}
