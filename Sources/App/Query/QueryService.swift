import Crypto
import Embedding
import Generation
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
    let generator = ExtractiveGenerator()

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

    /// What retrieval found for one request, ready to be answered and rendered.
    struct Retrieved {
        var request: QueryRequest
        var filter: SearchFilter
        var options: RetrievalOptions
        var generation: KnowledgeBaseConfig.Generation
        var hits: [(hit: FusedHit, chunk: CitableChunk)]
        var queryTokens: [String]
        var analyzer: Analyzer?
        var started: UInt64

        /// The analyzer's terms of a piece of text (empty without a knowledge base to take the analyzer from).
        func terms(_ text: Substring) -> [String] { analyzer?.queryTokens(String(text)) ?? [] }
    }

    /// `POST /v1/query`: the JSON response, or an event stream when the request asks for one.
    func respond(_ caller: Caller, body: JSONBody) throws -> Response {
        let retrieved = try retrieve(caller, body: body)
        guard retrieved.request.stream else {
            let answer = try retrieved.request.generate ? generate(retrieved) : nil
            return JSONCoding.response(json: render(retrieved, answer: answer, citations: true))
        }
        return ServerSentEvents.response { [self] events in
            do {
                try events.send(event: "retrieval", data: JSONValue.object([
                    ("citations", .array(citations(retrieved, answer: nil))),
                ]).serializedText)
                var answer: Answer?
                if retrieved.request.generate {
                    let generated = try generate(retrieved)
                    // The extractive answer exists whole at once; it is sent in word-sized pieces so clients have
                    // one code path for every generator.
                    for piece in Self.pieces(of: generated.text) {
                        try events.send(event: "token", data: JSONValue.object([("text", .string(piece))]).serializedText)
                    }
                    answer = generated
                }
                try events.send(event: "done", data: render(retrieved, answer: answer, citations: false).serializedText)
            } catch let error as HTTPError {
                try? events.send(event: "error", data: JSONValue.object([("error", JSONValue.object([
                    ("code", .string(error.code)), ("message", .string(error.message)),
                ]))]).serializedText)
            }
        }
    }

    /// Validation, access, embedding and search: everything before an answer is written.
    func retrieve(_ caller: Caller, body: JSONBody) throws -> Retrieved {
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
        let generation = configs[0].generation
        if request.generate && generation.provider != "extractive" {
            throw HTTPError(.notImplemented, code: "generation_unavailable",
                            message: "The \(generation.provider) generation provider is not available in this build yet; "
                                + "configure the knowledge base with the extractive generator or send generate: false.",
                            details: ["field": "generate", "provider": generation.provider])
        }

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
        let found = try database.read { try ChunkRepository.citable(chunkIDs, in: caller.org, on: $0) }
        // A chunk deleted since the search is left out.
        let cited = zip(hits, chunkIDs).compactMap { hit, id in found[id].map { (hit: hit, chunk: $0) } }
        return Retrieved(request: request, filter: filter, options: options, generation: generation, hits: cited,
                         queryTokens: queryTokens, analyzer: analyzer, started: started)
    }

    /// The answer from the retrieved chunks, its citations checked against them.
    func generate(_ retrieved: Retrieved) throws -> Answer {
        let sources = retrieved.hits.enumerated().map { position, entry in
            Source(marker: position + 1, title: entry.chunk.title, text: entry.chunk.text)
        }
        var answer = generator.answer(questionTerms: retrieved.queryTokens, sources: sources, analyze: retrieved.terms)
        answer.text = CitationMarkers.check(answer.text, markers: Set(sources.map(\.marker))).text
        return answer
    }

    /// The retrieved chunks as citations. Highlights are the query's words in each chunk; with an answer, they are
    /// the sentences that support it instead (none for a chunk the answer does not cite).
    private func citations(_ retrieved: Retrieved, answer: Answer?) -> [JSONValue] {
        var highlighter = Highlighter(queryTerms: Set(retrieved.queryTokens))
        return retrieved.hits.enumerated().map { position, entry -> JSONValue in
            let marker = position + 1
            let spans = answer.map { $0.supports[marker] ?? [] }
                ?? highlighter.spans(in: entry.chunk.text, terms: retrieved.terms)
            return [
                "marker": .number(Double(marker)), "chunk_id": .string(entry.chunk.id),
                "document_id": .string(entry.chunk.documentID), "title": .string(entry.chunk.title),
                "page": entry.chunk.page.map { .number(Double($0)) } ?? .null, "text": .string(entry.chunk.text),
                "highlights": .array(spans.map { .array($0.map { .number(Double($0)) }) }),
                "score": .number(Double(entry.hit.score)),
            ]
        }
    }

    /// The response body (the `done` event's data when streaming, which leaves the citations out: they went first).
    private func render(_ retrieved: Retrieved, answer: Answer?, citations withCitations: Bool) -> JSONValue {
        let elapsed = Double(MonotonicClock.now - retrieved.started) / 1_000_000
        metrics.observe(mode: retrieved.options.mode, seconds: elapsed / 1000, hits: retrieved.hits.count)
        var response: [(key: String, value: JSONValue)] = []
        if let answer { response.append(("answer", .string(answer.text))) }
        if withCitations { response.append(("citations", .array(citations(retrieved, answer: answer)))) }
        response += [
            ("conversation_id", .null),
            ("query_id", .string(RecordID.make(prefix: "q_"))),
            ("trace_id", .string(RecordID.make(prefix: "tr_"))),
            ("usage", [
                "prompt_tokens": .number(Double(answer?.promptTokens ?? 0)),
                "completion_tokens": .number(Double(answer?.completionTokens ?? 0)), "cost_usd": 0,
            ]),
            ("latency_ms", .number((elapsed * 10).rounded() / 10)),
        ]
        if retrieved.request.explain {
            response.append(("explain", [
                "hits": .array(retrieved.hits.map { entry in
                    [
                        "chunk_id": .string(entry.chunk.id),
                        "lexical_score": entry.hit.lexicalScore.map { .number(Double($0)) } ?? .null,
                        "lexical_rank": entry.hit.lexicalRank.map { .number(Double($0)) } ?? .null,
                        "dense_score": entry.hit.denseScore.map { .number(Double($0)) } ?? .null,
                        "dense_rank": entry.hit.denseRank.map { .number(Double($0)) } ?? .null,
                        "fused_score": .number(Double(entry.hit.score)),
                    ]
                }),
                "filters": retrieved.filter.json,
                "query_tokens": .array(retrieved.queryTokens.map(JSONValue.string)),
                "mode": .string(retrieved.options.mode.rawValue), "fusion": .string(retrieved.options.fusion.rawValue),
            ]))
        }
        return .object(response)
    }

    /// Streamed pieces of a finished text: each word with the space before it, so joined they give the text back.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == " " && !current.isEmpty && current.last != " " {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
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
