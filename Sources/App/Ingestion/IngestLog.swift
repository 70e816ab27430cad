import Ingest
import Observability

/// Ingestion's log lines and metrics.
enum IngestLog {
    static func sink(_ logger: Logger) -> @Sendable (IngestEvent) -> Void {
        let logger = logger.with([("type", "ingest")])
        return { event in
            switch event {
            case .recovered(let requeued, let pending, let orphans):
                logger.info("ingestion started", [("requeued", .int(requeued)), ("pending", .int(pending)),
                                                  ("orphan_blobs_removed", .int(orphans))])
            case .jobFinished(let org, let job, let kind, let status, let milliseconds):
                logger.info("job finished", [("org_id", .string(org)), ("job_id", .string(job)), ("kind", .string(kind)),
                                             ("status", .string(status)), ("duration_ms", .int(Int(milliseconds)))])
            case .documentReady(let org, let document, let job, let chunks, let embedded, let milliseconds):
                // One line per document would flood the log of a bulk import: debug; jobs report at info.
                logger.debug("document ready", [("org_id", .string(org)), ("document_id", .string(document)),
                                               ("job_id", .string(job)), ("chunks", .int(chunks)),
                                               ("embedded", .int(embedded)), ("duration_ms", .int(Int(milliseconds)))])
            case .documentFailed(let org, let document, let job, let code, let message, let retry):
                var fields: [(String, LogValue)] = [("org_id", .string(org)), ("document_id", .string(document)),
                                                    ("job_id", .string(job)), ("code", .string(code)),
                                                    ("error", .string(message))]
                if let retry { fields.append(("retry_in_seconds", .double(retry))) }
                logger.warn(retry == nil ? "document failed" : "document will be retried", fields)
            case .internalError(let text):
                logger.error("ingestion error", [("error", .string(text))])
            }
        }
    }

    static func registerMetrics(_ ingestion: Ingestion, in registry: MetricsRegistry) {
        registry.gaugeFunction(name: "ragd_ingest_queue_depth", help: "Documents waiting to be processed.") {
            Double(ingestion.queueDepth)
        }
        registry.gaugeFunction(name: "ragd_ingest_running", help: "Documents being processed now.") {
            Double(ingestion.running)
        }
        let counters: [(String, String, @Sendable (IngestCounters) -> Int)] = [
            ("ragd_ingest_documents_succeeded_total", "Documents processed to ready.", { $0.succeeded }),
            ("ragd_ingest_documents_failed_total", "Documents whose processing failed for good.", { $0.failed }),
            ("ragd_ingest_retries_total", "Transient failures retried later.", { $0.retried }),
            ("ragd_ingest_documents_canceled_total", "Documents stopped by a cancel or delete.", { $0.canceled }),
            ("ragd_ingest_chunks_written_total", "Chunks written.", { $0.chunksWritten }),
            ("ragd_ingest_chunks_embedded_total", "Chunks embedded (the rest reused their embedding).", { $0.chunksEmbedded }),
        ]
        for (name, help, read) in counters {
            registry.counterFunction(name: name, help: help) { Double(read(ingestion.counters)) }
        }
        let seconds: [(String, String, @Sendable (IngestCounters) -> UInt64)] = [
            ("ragd_ingest_processing_seconds_total", "Worker time on documents that became ready, claim to commit.",
             { $0.processingNanoseconds }),
            ("ragd_ingest_embedding_seconds_total", "The part of that time spent computing embeddings.",
             { $0.embeddingNanoseconds }),
        ]
        for (name, help, read) in seconds {
            registry.counterFunction(name: name, help: help) { Double(read(ingestion.counters)) / 1e9 }
        }
    }
}
