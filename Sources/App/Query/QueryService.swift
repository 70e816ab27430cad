import Crypto
import Embedding
import HTTP
import Ingest
import JSON
import LexicalIndex
import Retrieval
import Server
import Store
import Threading

/// `POST /v1/query` without generation: resolve the knowledge bases the caller may search, embed the query once per
/// embedding model, search every knowledge base's indexes under one consistent view, fuse, and cite.
final class QueryService: Sendable {
    let database: Database
    let indexes: SearchIndexes
    let embedders: Embedders
    let limits: QueryRequest.Limits
    let metrics: QueryMetrics

    init(database: Database, indexes: SearchIndexes, embedders: Embedders, limits: QueryRequest.Limits,
         metrics: QueryMetrics) {
        self.database = database
        self.indexes = indexes
        self.embedders = embedders
        self.limits = limits
        self.metrics = metrics
    }

    /// Labels of different knowledge bases share one list during fusion: the knowledge base's position in the
    /// request goes above the index's own label bits.
    private static let labelBits: UInt64 = 40

    func query(_ caller: Caller, body: JSONBody) throws -> JSONValue {
        let started = MonotonicClock.now
        let request = try QueryRequest(body, limits: limits)
        let filter: SearchFilter
        do {
            filter = try SearchFilter.parse(request.filtersJSON, time: Self.time)
        } catch {
            throw HTTPError(.badRequest, code: "invalid_filter", message: "\(error.field): \(error.reason).",
                            details: ["field": error.field])
        }
        let knowledgeBases = try resolve(request.knowledgeBaseIDs, for: caller)
        let configs = knowledgeBases.map { KnowledgeBaseConfig.stored($0.config) }
        let options = request.options(over: configs[0].retrieval)

        // One query vector per embedding model among the knowledge bases.
        var vectors: [String: [Float]] = [:]
        if options.mode != .lexical || options.rerank == .mmr {
            for config in configs where vectors[config.embedding.model] == nil {
                let embedder = try embedders.embedder(provider: config.embedding.provider, model: config.embedding.model)
                do {
                    vectors[config.embedding.model] = try embedder.embed([request.text]).first
                } catch {
                    throw HTTPError(error.isTransient ? .serviceUnavailable : .badRequest, code: error.code,
                                    message: error.message)
                }
            }
        }

        let targets = zip(knowledgeBases, configs).map {
            SearchIndexes.Target(kbID: $0.id, org: caller.org, model: $1.embedding.model)
        }
        let searched = try indexes.withSearchers(targets, filter: filter) { searchers in
            let hits = HybridSearch.run(
                options,
                dense: { k in
                    HybridSearch.merge(searchers.enumerated().map { position, searcher in
                        guard let vector = vectors[targets[position].model] else { return [] }
                        return Self.globalize(searcher.dense(vector, k: k), position)
                    }, k: k)
                },
                lexical: { k in
                    HybridSearch.merge(searchers.enumerated().map { position, searcher in
                        Self.globalize(searcher.lexical(request.text, k: k), position)
                    }, k: k)
                },
                vector: { label in
                    let (position, local) = Self.local(label)
                    return searchers[position].vector(local)
                })
            let chunks = hits.map { hit -> String in
                let (position, local) = Self.local(hit.label)
                return searchers[position].entry(local)?.chunkID ?? ""
            }
            return (hits, chunks, searchers.first?.analyzer)
        }
        let (hits, chunkIDs, analyzer) = searched
        // Every knowledge base is indexed with the same analyzer options, so the first one's analyzer serves all.
        let queryTokens = analyzer?.queryTokens(request.text) ?? []
        let analyze = { (word: Substring) in analyzer?.queryTokens(String(word)) ?? [] }
        let found = try database.read { try ChunkRepository.citable(chunkIDs, in: caller.org, on: $0) }
        let termSet = Set(queryTokens)
        var citations: [JSONValue] = []
        var explained: [JSONValue] = []
        for (hit, chunkID) in zip(hits, chunkIDs) {
            guard let chunk = found[chunkID] else { continue }  // deleted since the search
            citations.append([
                "marker": .number(Double(citations.count + 1)), "chunk_id": .string(chunk.id),
                "document_id": .string(chunk.documentID), "title": .string(chunk.title),
                "page": chunk.page.map { .number(Double($0)) } ?? .null, "text": .string(chunk.text),
                "highlights": .array(Highlighter.spans(in: chunk.text, queryTerms: termSet, terms: analyze).map {
                    .array($0.map { .number(Double($0)) })
                }),
                "score": .number(Double(hit.score)),
            ])
            explained.append([
                "chunk_id": .string(chunk.id),
                "lexical_score": hit.lexicalScore.map { .number(Double($0)) } ?? .null,
                "lexical_rank": hit.lexicalRank.map { .number(Double($0)) } ?? .null,
                "dense_score": hit.denseScore.map { .number(Double($0)) } ?? .null,
                "dense_rank": hit.denseRank.map { .number(Double($0)) } ?? .null,
                "fused_score": .number(Double(hit.score)),
            ])
        }
        let elapsed = Double(MonotonicClock.now - started) / 1_000_000
        metrics.observe(mode: options.mode, seconds: elapsed / 1000, hits: citations.count)
        var response: [(key: String, value: JSONValue)] = [
            ("citations", .array(citations)),
            ("conversation_id", .null),
            ("query_id", .string(RecordID.make(prefix: "q_"))),
            ("trace_id", .string(RecordID.make(prefix: "tr_"))),
            ("usage", ["prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0]),
            ("latency_ms", .number((elapsed * 10).rounded() / 10)),
        ]
        if request.explain {
            response.append(("explain", [
                "hits": .array(explained), "filters": filter.json,
                "query_tokens": .array(queryTokens.map(JSONValue.string)),
                "mode": .string(options.mode.rawValue), "fusion": .string(options.fusion.rawValue),
            ]))
        }
        return .object(response)
    }

    /// The knowledge bases `ids`, each visible to `caller`; 404 for any that is not (whether missing or another
    /// tenant's or outside an API key's limits — the answer does not say which).
    private func resolve(_ ids: [String], for caller: Caller) throws -> [KnowledgeBaseRecord] {
        try database.read { db in
            try ids.map { id in
                guard caller.canAccess(knowledgeBase: id),
                      let kb = try KnowledgeBaseRepository.find(id, in: caller.org, on: db) else {
                    throw HTTPError(.notFound, code: "not_found", message: "Knowledge base \(id) was not found.",
                                    details: ["field": "kb_id"])
                }
                return kb
            }
        }
    }

    private static func globalize(_ hits: [RankedHit], _ position: Int) -> [RankedHit] {
        hits.map { RankedHit(label: UInt64(position) << labelBits | $0.label, score: $0.score) }
    }

    private static func local(_ label: UInt64) -> (Int, UInt64) {
        (Int(label >> labelBits), label & ((1 << labelBits) - 1))
    }

    /// RFC 3339, or a bare date meaning its midnight UTC.
    static func time(_ text: String) -> Int64? {
        Timestamp.parse(text) ?? (text.utf8.count == 10 ? Timestamp.parse(text + "T00:00:00Z") : nil)
    }
}
