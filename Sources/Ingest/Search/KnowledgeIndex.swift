import JSON
import LexicalIndex
import Retrieval
import Store
import Threading
import VectorIndex

/// The in-memory search state of one knowledge base: an HNSW index of its chunks' vectors (of the knowledge base's
/// embedding model), a BM25 index of their text, and what filters need to know about each chunk's document.
/// Labels are local to the knowledge base (1, 2, 3… in insertion order); `SearchIndexes` turns them into
/// process-wide ones.
///
/// Locking: one readers-writer lock guards the tables and the two indexes as a unit, so a search never sees a
/// document half replaced. Searches share it; changes (from the database's writer thread) take it alone.
package final class KnowledgeIndex: @unchecked Sendable {
    /// What a label stands for.
    package struct Entry: Sendable, Equatable {
        package var chunkID: String
        package var documentID: String
        package var hasVector: Bool
    }

    package let kbID: String
    package let orgID: String
    /// The embedding model whose vectors the dense index holds; chunks embedded by another model (before a
    /// re-index finishes) are searchable lexically only.
    package let model: String
    /// The knowledge base's index generation this state reflects.
    package private(set) var generation: Int64
    /// `generation`, read under the lock (for threads other than the writer).
    var appliedGeneration: Int64 { lock.reading { generation } }

    /// Tombstones left in the vector index by deletes and updates, and all its nodes.
    var vectorTombstones: (tombstones: Int, nodes: Int) {
        lock.reading {
            guard let vectors else { return (0, 0) }
            let dead = vectors.tombstoneCount
            return (dead, vectors.count + dead)
        }
    }

    /// Drops the vector index's tombstones (repairing or rebuilding its graph beside the live one): searches go on,
    /// changes to this knowledge base wait until it is done.
    @discardableResult
    func compactVectors() -> CompactionReport? {
        lock.reading { vectors }?.compact()
    }

    private let lock = ReadWriteLock()
    private var vectors: HNSWIndex?
    private let lexical: BM25Index
    private var entries: [UInt64: Entry] = [:]
    private var labelsByDocument: [String: [UInt64]] = [:]
    private var documents: [String: FilterSubject] = [:]
    private var nextLabel: UInt64 = 1
    private let hnsw: HNSWParameters

    init(kbID: String, orgID: String, model: String, generation: Int64, hnsw: HNSWParameters,
         lexical: BM25Index = BM25Index()) {
        self.kbID = kbID
        self.orgID = orgID
        self.model = model
        self.generation = generation
        self.hnsw = hnsw
        self.lexical = lexical
    }

    /// An index restored from a snapshot (`IndexSnapshots`); the documents' filter fields are added with `load(_:)`.
    convenience init(kbID: String, orgID: String, model: String, generation: Int64, hnsw: HNSWParameters,
                     restoring restored: IndexSnapshots.Restored) {
        self.init(kbID: kbID, orgID: orgID, model: model, generation: generation, hnsw: hnsw,
                  lexical: restored.lexical)
        vectors = restored.vectors
        entries = restored.entries
        for (label, entry) in restored.entries.sorted(by: { $0.key < $1.key }) {
            labelsByDocument[entry.documentID, default: []].append(label)
        }
        nextLabel = (restored.entries.keys.max() ?? 0) + 1
    }

    /// Runs `body` with what a snapshot holds, while no change can be applied.
    func withSnapshotState<T>(_ body: (Int64, HNSWIndex?, BM25Index, [UInt64: Entry]) throws -> T) rethrows -> T {
        try lock.reading { try body(generation, vectors, lexical, entries) }
    }

    /// Chunks indexed (with or without a vector).
    package var count: Int { lock.reading { entries.count } }

    // MARK: Changes

    /// Makes `chunks` the document's searchable chunks, replacing what it had. Changes at or below the current
    /// generation were already applied (a change that raced a load) and are skipped.
    func apply(_ document: SearchableDocument, chunks: [SearchableChunk], generation: Int64) {
        lock.writing {
            guard generation > self.generation else { return }
            self.generation = generation
            removeLocked(document.id)
            documents[document.id] = Self.subject(document)
            insertLocked(chunks, of: document.id)
        }
    }

    /// Replaces what filters see of a document whose chunks stay as they are.
    func describe(_ document: SearchableDocument, generation: Int64) {
        lock.writing {
            guard generation > self.generation else { return }
            self.generation = generation
            if documents[document.id] != nil { documents[document.id] = Self.subject(document) }
        }
    }

    /// Removes a document and its chunks.
    func remove(_ documentID: String, generation: Int64) {
        lock.writing {
            guard generation > self.generation else { return }
            self.generation = generation
            removeLocked(documentID)
            documents[documentID] = nil
        }
    }

    /// Adds a document during a load (no generation check: the loader owns the index).
    func load(_ document: SearchableDocument) {
        lock.writing { documents[document.id] = Self.subject(document) }
    }

    /// Adds chunks during a load.
    func load(_ chunks: [SearchableChunk], of documentID: String) {
        lock.writing { insertLocked(chunks, of: documentID) }
    }

    private func insertLocked(_ chunks: [SearchableChunk], of documentID: String) {
        var labels: [UInt64] = []
        labels.reserveCapacity(chunks.count)
        for chunk in chunks {
            let label = nextLabel
            nextLabel += 1
            var hasVector = false
            if chunk.embeddingModel == model, let vector = chunk.embedding, !vector.isEmpty {
                if vectors == nil { vectors = HNSWIndex(dimension: vector.count, parameters: hnsw) }
                // A vector of another length (a corrupt row) stays out of the dense index; its text is still found.
                hasVector = (try? vectors?.insert(vector, label: label)) != nil
            }
            lexical.add(label: label, text: chunk.text)
            entries[label] = Entry(chunkID: chunk.id, documentID: documentID, hasVector: hasVector)
            labels.append(label)
        }
        labelsByDocument[documentID, default: []] += labels
    }

    private func removeLocked(_ documentID: String) {
        guard let labels = labelsByDocument.removeValue(forKey: documentID) else { return }
        for label in labels {
            guard let entry = entries.removeValue(forKey: label) else { continue }
            if entry.hasVector { _ = vectors?.remove(label: label) }
            _ = lexical.remove(label: label)
        }
    }

    private static func subject(_ document: SearchableDocument) -> FilterSubject {
        FilterSubject(documentID: document.id, externalID: document.externalID, createdAt: document.createdAt,
                      userMetadata: JSONParser.parse(Array(document.metadata.utf8)),
                      fileMetadata: JSONParser.parse(Array(document.documentMetadata.utf8)))
    }

    // MARK: Search

    /// A consistent view for one query: the lock is held for reading while `body` runs.
    func withSearcher<T>(filter: SearchFilter, _ body: (Searcher) throws -> T) rethrows -> T {
        try lock.reading {
            try body(Searcher(index: self, filter: filter))
        }
    }

    /// Searches under a held read lock, with the filter resolved to the documents it admits.
    package struct Searcher: Sendable {
        fileprivate let index: KnowledgeIndex
        /// nil: no filter. Otherwise the chunk labels' documents that pass, and how many chunks they hold.
        private let admitted: Set<String>?
        private let admittedChunks: Int

        fileprivate init(index: KnowledgeIndex, filter: SearchFilter) {
            self.index = index
            if filter.isEmpty {
                admitted = nil
                admittedChunks = index.entries.count
            } else {
                var passing: Set<String> = []
                var chunks = 0
                for (id, subject) in index.documents where filter.matches(subject) {
                    passing.insert(id)
                    chunks += index.labelsByDocument[id]?.count ?? 0
                }
                admitted = passing
                admittedChunks = chunks
            }
        }

        /// Whether nothing can match (an empty knowledge base, or a filter no document passes).
        package var isEmpty: Bool { admittedChunks == 0 }

        private func allows(_ label: UInt64) -> Bool {
            guard let admitted else { return true }
            guard let entry = index.entries[label] else { return false }
            return admitted.contains(entry.documentID)
        }

        /// The `k` chunks nearest to `vector` that pass the filter.
        package func dense(_ vector: [Float], k: Int) -> [RankedHit] {
            guard !isEmpty, let vectors = index.vectors, vectors.dimension == vector.count else { return [] }
            let filter = admitted == nil ? nil : VectorFilter(expectedMatches: admittedChunks) { allows($0) }
            // efSearch comes from the configuration, not the graph: a restored snapshot keeps the one it was built with.
            let hits = (try? vectors.search(vector, k: k, ef: index.hnsw.efSearch, filter: filter)) ?? []
            return hits.map { RankedHit(label: $0.label, score: $0.score) }
        }

        /// The `k` best BM25 matches for `query` that pass the filter.
        package func lexical(_ query: String, k: Int) -> [RankedHit] {
            guard !isEmpty else { return [] }
            let filter: ((UInt64) -> Bool)? = admitted == nil ? nil : { allows($0) }
            return index.lexical.search(query, k: k, filter: filter).map { RankedHit(label: $0.label, score: $0.score) }
        }

        /// The stored vector of a chunk (for MMR).
        package func vector(_ label: UInt64) -> [Float]? {
            index.vectors?.vector(label: label)
        }

        /// The chunk a label stands for.
        package func entry(_ label: UInt64) -> Entry? { index.entries[label] }

        /// The knowledge base's index generation this searcher sees (stable while it exists: it holds the read lock).
        package var generation: Int64 { index.generation }

        /// The analyzer of the lexical index (for highlighting words of a chunk the way they were indexed).
        package var analyzer: Analyzer { index.lexical.analyzer }
    }
}
