import Synchronization
import Threading

/// Hard limits that keep hostile documents from exhausting memory or time. Every partitioner enforces the ones that
/// apply to it and fails with a `PartitionError` when one is reached.
package struct PartitionLimits: Sendable, Equatable {
    /// Total bytes any decompression (streams, zip entries) may produce for one document.
    package var maxDecompressedBytes = 512 * 1024 * 1024
    /// Largest output/input ratio of a single decompression once its output passes 1 MiB (zip and deflate bombs).
    package var maxCompressionRatio = 200.0
    /// Deepest nesting of objects, arrays, XML elements, JSON values, HTML tags.
    package var maxNestingDepth = 256
    /// Content-stream operators per PDF page.
    package var maxOperatorsPerPage = 2_000_000
    /// Pages of a paged document.
    package var maxPages = 10_000
    /// Entries of a zip archive (DOCX).
    package var maxZipEntries = 10_000
    /// Characters of extracted text.
    package var maxTextScalars = 64 * 1024 * 1024
    /// Wall-clock time for one document, in seconds.
    package var maxSeconds = 120.0

    /// The defaults.
    package init() {}
}

/// A document's time budget and cancellation flag, checked by long-running loops (`try budget.check()`). Checking is
/// cheap: the clock is read every 4,096 calls.
package final class PartitionBudget: Sendable {
    private let deadline: UInt64
    private let calls = Atomic<Int>(0)
    private let cancelled = Atomic<Bool>(false)
    private let decompressed = Atomic<Int>(0)
    /// The limits in force.
    package let limits: PartitionLimits

    /// A budget starting now under `limits`.
    package init(limits: PartitionLimits = PartitionLimits()) {
        self.limits = limits
        deadline = MonotonicClock.now + MonotonicClock.nanoseconds(limits.maxSeconds)
    }

    /// Asks the document being read to stop; the next `check()` throws `.canceled`.
    package func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Throws when the document is out of time or canceled.
    package func check() throws(PartitionError) {
        let count = calls.add(1, ordering: .relaxed).newValue
        guard count & 4095 == 0 else { return }
        try checkNow()
    }

    /// Like `check()` but always reads the clock (call between big steps, e.g. pages).
    package func checkNow() throws(PartitionError) {
        if cancelled.load(ordering: .relaxed) { throw .canceled }
        if MonotonicClock.now > deadline { throw .timeLimit }
    }

    /// Accounts `bytes` more of decompressed output against `maxDecompressedBytes`.
    package func consumeDecompressed(_ bytes: Int) throws(PartitionError) {
        let total = decompressed.add(bytes, ordering: .relaxed).newValue
        if total > limits.maxDecompressedBytes {
            throw .decompressionLimit("more than \(limits.maxDecompressedBytes) bytes in total")
        }
    }
}
