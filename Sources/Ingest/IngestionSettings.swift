import Partition

/// How ingestion runs.
package struct IngestionSettings: Sendable {
    /// Worker threads.
    package var workers = 2
    /// Attempts of a task that fails for a transient reason.
    package var maxAttempts = 3
    /// First retry delay in seconds; it quadruples with each further attempt.
    package var retryBaseSeconds = 2.0
    /// Parsing limits per document.
    package var limits = PartitionLimits()
    /// Texts per embedding call.
    package var embedBatch = 32
    /// Least time between two progress writes of one task, in milliseconds (stage changes of long tasks only).
    package var progressIntervalMilliseconds: Int64 = 1000

    package init() {}
}

/// What ingestion reports to the application's log.
package enum IngestEvent: Sendable {
    case recovered(requeued: Int, pending: Int, orphanBlobsRemoved: Int)
    case documentReady(org: String, document: String, job: String, chunks: Int, embedded: Int, milliseconds: Int64)
    case jobFinished(org: String, job: String, kind: String, status: String, milliseconds: Int64)
    case documentFailed(org: String, document: String, job: String, code: String, message: String, retryInSeconds: Double?)
    case internalError(String)
}

/// Ingestion counters for /metrics.
package struct IngestCounters: Sendable {
    package var succeeded = 0
    package var failed = 0
    package var retried = 0
    package var canceled = 0
    package var chunksWritten = 0
    package var chunksEmbedded = 0
    /// Nanoseconds workers spent on documents that became ready, claim to commit, and the part of it in the embedder.
    package var processingNanoseconds: UInt64 = 0
    package var embeddingNanoseconds: UInt64 = 0
}
