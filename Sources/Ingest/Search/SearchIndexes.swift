#if canImport(Glibc)
import Glibc
#endif
import Retrieval
import Store
import Threading
import VectorIndex

/// Every knowledge base's in-memory indexes, loaded from SQLite on first use and kept in step with it through
/// `SearchIndexUpdates` (called by ingestion on the writer thread, in commit order).
///
/// A knowledge base is loaded by the first query (or warm-up) that needs it; queries arriving meanwhile wait for that
/// load instead of starting their own. Changes committed while a load runs are queued and replayed on top of what the
/// load read, skipping those its read transaction already saw (by index generation), so nothing is lost or applied
/// twice.
package final class SearchIndexes: SearchIndexUpdates, @unchecked Sendable {
    /// A change that arrived while its knowledge base was loading.
    private enum Change {
        case document(SearchableDocument, [SearchableChunk], Int64)
        case description(SearchableDocument, Int64)
        case removal(String, Int64)

        func apply(to index: KnowledgeIndex) {
            switch self {
            case .document(let document, let chunks, let generation):
                index.apply(document, chunks: chunks, generation: generation)
            case .description(let document, let generation): index.describe(document, generation: generation)
            case .removal(let id, let generation): index.remove(id, generation: generation)
            }
        }
    }

    private enum State {
        case loading(pending: [Change])
        case ready(KnowledgeIndex)
    }

    private let database: Database
    private let hnsw: HNSWParameters
    private let snapshots: IndexSnapshots?
    private let lock = ConditionLock()
    private var states: [String: State] = [:]
    /// Knowledge bases whose vector index has enough tombstones to compact, for the compaction thread.
    private let compactions = BlockingQueue<String>(capacity: 4_096)
    private var compactionQueued = Set<String>()
    private var compactor: OSThread?
    /// Compactions done so far (for metrics and tests).
    package private(set) var compactionCount = 0

    /// Compact a knowledge base's vectors once this many of its nodes, and this share of them, are tombstones: few
    /// tombstones cost searches almost nothing, and each compaction makes the knowledge base's writers wait.
    package let compactionMinimumTombstones: Int
    package static let compactionFraction = 0.1

    /// Indexes over `database`, built with `hnsw` parameters; with `snapshots`, loaded from and saved to disk. A
    /// background thread (started with the first one needed) compacts vector indexes that deletes and updates have
    /// filled with tombstones.
    package init(database: Database, hnsw: HNSWParameters = HNSWParameters(), snapshots: IndexSnapshots? = nil,
                 compactionMinimumTombstones: Int = 256) {
        self.database = database
        self.hnsw = hnsw
        self.snapshots = snapshots
        self.compactionMinimumTombstones = compactionMinimumTombstones
    }

    deinit { compactions.close() }

    /// Stops the compaction thread (a compaction under way finishes first).
    package func shutdown() {
        compactions.close()
        let thread = lock.withLock { defer { compactor = nil }; return compactor }
        thread?.join()
    }

    private func compact(_ kb: String) {
        let index: KnowledgeIndex? = lock.withLock {
            compactionQueued.remove(kb)
            if case .ready(let index) = states[kb] { return index }
            return nil
        }
        guard let report = index?.compactVectors(), report.removed > 0 else { return }
        lock.withLock { compactionCount += 1 }
    }

    /// Queues `kb` for compaction when its vector index has gathered enough tombstones.
    private func considerCompaction(_ kb: String, _ index: KnowledgeIndex) {
        let (tombstones, nodes) = index.vectorTombstones
        guard tombstones >= compactionMinimumTombstones,
              Double(tombstones) >= Self.compactionFraction * Double(nodes) else { return }
        let queue = lock.withLock {
            if compactor == nil && !compactions.isClosed {
                compactor = OSThread.spawn(name: "ragd-compaction", priority: .background) { [weak self, compactions] in
                    while let kb = compactions.pop() { self?.compact(kb) }
                }
            }
            return compactionQueued.insert(kb).inserted
        }
        if queue, !compactions.tryPush(kb) { lock.withLock { _ = compactionQueued.remove(kb) } }
    }

    /// What a query searches: a knowledge base of `org` and the embedding model its config names.
    package struct Target: Sendable {
        package var kbID: String
        package var org: OrgID
        package var model: String

        package init(kbID: String, org: OrgID, model: String) {
            self.kbID = kbID
            self.org = org
            self.model = model
        }
    }

    /// Runs `body` with a consistent searcher per target (in order), loading indexes as needed.
    package func withSearchers<T>(_ targets: [Target], filter: SearchFilter,
                                  _ body: ([KnowledgeIndex.Searcher]) throws -> T) throws -> T {
        let indexes = try targets.map(index)
        func nest(_ position: Int, _ searchers: [KnowledgeIndex.Searcher]) throws -> T {
            guard position < indexes.count else { return try body(searchers) }
            return try indexes[position].withSearcher(filter: filter) { try nest(position + 1, searchers + [$0]) }
        }
        return try nest(0, [])
    }

    /// Loads every knowledge base now rather than on its first query (start-up warm-up).
    package func warmUp(_ targets: [Target]) {
        for target in targets { _ = try? index(target) }
    }

    /// The loaded index of `target`, loading it (or waiting for a load under way) when needed. An index built for
    /// another embedding model (the knowledge base was re-configured) is rebuilt.
    package func index(_ target: Target) throws -> KnowledgeIndex {
        lock.lock()
        while true {
            switch states[target.kbID] {
            case .ready(let index) where index.model == target.model:
                lock.unlock()
                return index
            case .loading:
                lock.wait()
                continue
            case .ready, nil:
                states[target.kbID] = .loading(pending: [])
            }
            break
        }
        lock.unlock()
        do {
            let index = try load(target)
            lock.withLock {
                if case .loading(let pending) = states[target.kbID] {
                    for change in pending { change.apply(to: index) }
                    states[target.kbID] = .ready(index)
                }
                lock.broadcast()
            }
            return index
        } catch {
            lock.withLock {
                if case .loading = states[target.kbID] { states[target.kbID] = nil }
                lock.broadcast()
            }
            throw error
        }
    }

    /// Saves every loaded knowledge base whose snapshot on disk is older than it (at shutdown): the failures, by
    /// knowledge base.
    package func saveSnapshots() -> [(kbID: String, error: any Error)] {
        guard let snapshots else { return [] }
        let ready = lock.withLock {
            states.values.compactMap { state -> KnowledgeIndex? in
                if case .ready(let index) = state { return index } else { return nil }
            }
        }
        var failures: [(kbID: String, error: any Error)] = []
        for index in ready {
            do { try snapshots.save(index) } catch { failures.append((index.kbID, error)) }
        }
        return failures
    }

    /// Reads a knowledge base in one read transaction, so the generation matches the rows: from its snapshot when
    /// one of this generation exists (documents' filter fields still come from SQLite), else every chunk.
    private func load(_ target: Target) throws -> KnowledgeIndex {
        try database.read { db in
            try db.transaction {
                let generation = try KnowledgeBaseRepository.indexGeneration(of: target.kbID, in: target.org, on: db) ?? 0
                let restored = snapshots?.load(kbID: target.kbID, model: target.model, generation: generation, hnsw: hnsw)
                let index = restored.map {
                    KnowledgeIndex(kbID: target.kbID, orgID: target.org.rawValue, model: target.model,
                                   generation: generation, hnsw: hnsw, restoring: $0)
                } ?? KnowledgeIndex(kbID: target.kbID, orgID: target.org.rawValue, model: target.model,
                                    generation: generation, hnsw: hnsw)
                try DocumentRepository.forEachSearchable(in: target.kbID, of: target.org, on: db) { index.load($0) }
                if restored != nil { return index }
                var batch: [SearchableChunk] = []
                try ChunkRepository.forEachSearchable(in: target.kbID, of: target.org, on: db) { chunk in
                    if let first = batch.first, first.documentID != chunk.documentID {
                        index.load(batch, of: first.documentID)
                        batch.removeAll(keepingCapacity: true)
                    }
                    batch.append(chunk)
                }
                if let first = batch.first { index.load(batch, of: first.documentID) }
                return index
            }
        }
    }

    // MARK: SearchIndexUpdates

    package func documentChanged(_ document: SearchableDocument, chunks: [SearchableChunk], kb: String, org: String,
                                 generation: Int64) {
        route(kb, .document(document, chunks, generation))
    }

    package func documentDescribed(_ document: SearchableDocument, kb: String, org: String, generation: Int64) {
        route(kb, .description(document, generation))
    }

    package func documentRemoved(_ documentID: String, kb: String, org: String, generation: Int64) {
        route(kb, .removal(documentID, generation))
    }

    /// Not loaded, or loading (a load reads everything committed, and changes racing it are replayed before it is
    /// used): nothing to wait for. Loaded: the writer thread applies the commit's change within microseconds.
    package func waitUntilApplied(kb: String, generation: Int64, timeout: Double) -> Bool {
        let deadline = MonotonicClock.now + MonotonicClock.nanoseconds(timeout)
        while true {
            let index: KnowledgeIndex? = lock.withLock {
                if case .ready(let index) = states[kb] { return index }
                return nil
            }
            guard let index, index.appliedGeneration < generation else { return true }
            guard MonotonicClock.now < deadline else { return false }
            usleep(200)
        }
    }

    package func knowledgeBaseRemoved(_ kb: String, org: String) {
        lock.withLock { states[kb] = nil }
        snapshots?.remove(kbID: kb)
    }

    private func route(_ kb: String, _ change: Change) {
        let ready: KnowledgeIndex? = lock.withLock {
            switch states[kb] {
            case .loading(var pending):
                pending.append(change)
                states[kb] = .loading(pending: pending)
                return nil
            case .ready(let index): return index
            case nil: return nil  // not loaded: its first use reads the change from SQLite
            }
        }
        guard let ready else { return }
        change.apply(to: ready)
        considerCompaction(kb, ready)
    }
}
