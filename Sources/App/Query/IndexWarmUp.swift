import Embedding
import Ingest
import Observability
import Store
import Threading

/// Loads every knowledge base's search indexes (from their snapshots when current) and the embedding models they
/// use, on a background thread right after start-up, so the first queries do not pay for it. Queries that arrive
/// first load what they need themselves; `SearchIndexes` makes them share one load.
final class IndexWarmUp: Sendable {
    private let stopping = BlockingQueue<Bool>(capacity: 1)
    private let thread: OSThread

    init(database: Database, indexes: SearchIndexes, embedders: Embedders, logger: Logger) {
        let stopping = self.stopping
        thread = OSThread.spawn(name: "ragd-warmup") {
            let started = MonotonicClock.now
            let knowledgeBases: [KnowledgeBaseRecord]
            do {
                knowledgeBases = try database.read { try KnowledgeBaseRepository.acrossOrganizations(on: $0) }
            } catch {
                logger.warn("index warm-up failed", [("error", .string(String(describing: error)))])
                return
            }
            var models = Set<String>()
            var loaded = 0
            for kb in knowledgeBases where !stopping.isClosed {
                let embedding = KnowledgeBaseConfig.stored(kb.config).embedding
                if models.insert(embedding.provider + "/" + embedding.model).inserted {
                    _ = try? embedders.embedder(provider: embedding.provider, model: embedding.model).embed(["warm-up"])
                }
                do {
                    _ = try indexes.index(.init(kbID: kb.id, org: OrgID(kb.orgID), model: embedding.model))
                    loaded += 1
                } catch {
                    logger.warn("index warm-up failed", [("kb_id", .string(kb.id)),
                                                         ("error", .string(String(describing: error)))])
                }
            }
            logger.info("indexes loaded", [("knowledge_bases", .int(loaded)),
                                           ("seconds", .double(Double(MonotonicClock.now - started) / 1e9))])
        }
    }

    /// Stops after the knowledge base being loaded and waits for the thread.
    func shutdown() {
        stopping.close()
        thread.join()
    }
}
