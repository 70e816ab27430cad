import Threading

/// A BM25 full-text index over documents (ragd's chunks) that the caller names with `UInt64` labels.
///
/// Postings hold term frequencies and the corpus statistics (N, total length, df) are kept up to date on every add
/// and remove; scores are computed at query time from them (`BM25Scorer`), so an index built incrementally scores
/// exactly like one built in one go. Top-k uses MaxScore over per-term score bounds and returns the same hits, in the
/// same order, as scoring every document.
///
/// Thread safety: one readers-writer lock (`Threading.ReadWriteLock`, writer-preferring so ingest is never starved
/// by searches) guards the data. Searches and `save` share it; `add`, `remove` and `compact` take it alone. Text is
/// analyzed before the lock is taken, so writers hold it only to merge postings. A search's `filter` runs under the
/// read lock and must not call back into the index (a nested read behind a waiting writer would deadlock).
package final class BM25Index: @unchecked Sendable {
    /// The analyzer documents and queries go through.
    package let analyzer: Analyzer
    /// k1 and b.
    package let parameters: BM25Parameters
    private let lock = ReadWriteLock()
    private var storage: IndexStorage

    /// An empty index analyzing with `options` and scoring with `parameters`.
    package convenience init(options: AnalyzerOptions = AnalyzerOptions(),
                             parameters: BM25Parameters = BM25Parameters()) {
        self.init(analyzer: Analyzer(options: options), parameters: parameters, storage: IndexStorage())
    }

    init(analyzer: Analyzer, parameters: BM25Parameters, storage: IndexStorage) {
        self.analyzer = analyzer
        self.parameters = parameters
        self.storage = storage
    }

    /// The number of documents.
    package var count: Int { lock.reading { storage.liveCount } }

    /// Whether a document is stored under `label`.
    package func contains(_ label: UInt64) -> Bool { lock.reading { storage.slotByLabel[label] != nil } }

    /// Indexes `text` as the document `label`, replacing any document already stored under it.
    package func add(label: UInt64, text: String) {
        let bag = analyzer.bagOfTerms(text)
        lock.writing { storage.add(label: label, bag: bag) }
    }

    /// Removes the document `label`; false when there was none.
    @discardableResult
    package func remove(label: UInt64) -> Bool {
        lock.writing { storage.remove(label: label) }
    }

    /// Drops what removed documents left behind now instead of when a quarter of the postings are dead.
    package func compact() {
        lock.writing { storage.compact() }
    }

    /// The best `k` documents for `query`, best first; equal scores are ordered by ascending label. `filter`, when
    /// given, decides during scoring which labels may be returned, so up to `k` documents that pass it come back.
    /// An empty query, one of only stop words, or one no document matches returns no hits.
    package func search(_ query: String, k: Int, filter: ((UInt64) -> Bool)? = nil) -> [LexicalHit] {
        guard k > 0 else { return [] }
        let bag = analyzer.bagOfTerms(query)
        guard bag.terms.count > 0 else { return [] }
        return lock.reading {
            let (scorer, terms) = QueryTerm.resolve(bag, in: storage, parameters: parameters)
            guard !terms.isEmpty else { return [] }
            return MaxScoreSearch.run(terms, scorer: scorer, storage: storage, k: k, filter: filter)
        }
    }

    /// `search` by scoring every posting of every query term: the reference for tests and the baseline for benchmarks.
    package func searchExhaustively(_ query: String, k: Int, filter: ((UInt64) -> Bool)? = nil) -> [LexicalHit] {
        guard k > 0 else { return [] }
        let bag = analyzer.bagOfTerms(query)
        guard bag.terms.count > 0 else { return [] }
        return lock.reading {
            let (scorer, terms) = QueryTerm.resolve(bag, in: storage, parameters: parameters)
            return ExhaustiveSearch.run(terms, scorer: scorer, storage: storage, k: k, filter: filter)
        }
    }

    /// How `query` is analyzed and weighted right now, for the API's `explain` block: each distinct term in query
    /// order with its query weight, document frequency and idf (0 df for terms no document contains).
    package func termStatistics(for query: String) -> [QueryTermStatistics] {
        let bag = analyzer.bagOfTerms(query)
        return lock.reading {
            let scorer = BM25Scorer(parameters: parameters, documentCount: storage.liveCount,
                                    totalLength: storage.totalLength)
            return (0..<bag.terms.count).map { localID in
                let id = bag.terms.withKey(Int32(localID)) { storage.terms.id(of: $0) }
                let documentFrequency = id.map { storage.postings[Int($0)].liveCount } ?? 0
                let idf = documentFrequency > 0 ? scorer.idf(documentFrequency: documentFrequency) : 0
                return QueryTermStatistics(term: bag.terms.key(Int32(localID)), queryWeight: bag.queryWeight(localID),
                                           documentFrequency: documentFrequency, idf: idf)
            }
        }
    }

    /// Runs `body` with the data under the read lock (snapshots).
    func withStorage<T>(_ body: (IndexStorage) throws -> T) rethrows -> T {
        try lock.reading { try body(storage) }
    }
}
