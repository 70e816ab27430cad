import Embedding
import Generation
import Ingest
import JSON
import LexicalIndex
import Retrieval
import Server
import Store
import Threading

extension QueryService {
    /// What retrieval found for one request, ready to be answered and rendered.
    struct Retrieved {
        var hits: [(hit: FusedHit, chunk: CitableChunk)]
        var queryTokens: [String]
        /// The words of the hits' texts, by chunk id, for highlighting (see `Highlighter.Words`).
        var words: [String: Highlighter.Words] = [:]
        /// The query's vector (of the first knowledge base's model), for the semantic cache.
        var vector: [Float]?
        /// With contextual compression: what of each retrieved chunk goes to the model.
        var compressed: [ContextCompressor.Output]?

        /// The analyzer's terms of a piece of text.
        func terms(_ text: Substring) -> [String] { QueryService.sharedAnalyzer.queryTokens(String(text)) }
    }

    static let sharedAnalyzer = Analyzer()
    /// The terms of words highlighting has analyzed, for every chunk after.
    private static let wordTerms = WordTermCache(sharedAnalyzer)

    /// A text's words with their terms as the query analyzer finds them, for highlighting.
    static func highlighterWords(_ text: String) -> Highlighter.Words {
        Highlighter.Words(text, terms: wordTerms.forEachTerm)
    }

    /// Labels of different knowledge bases share one list during fusion: the knowledge base's position in the
    /// request goes above the index's own label bits.
    private static let labelBits: UInt64 = 40

    /// One query vector per embedding model among the knowledge bases (none for lexical search without MMR). With
    /// HyDE the vector is of the question and a hypothetical answer the model wrote, averaged.
    func embed(_ plan: inout Plan, isCancelled: @escaping @Sendable () -> Bool = { false }) throws
        -> [String: [Float]] {
        guard plan.options.mode != .lexical || plan.options.rerank == .mmr else { return [:] }
        var hypothetical: String?
        if plan.hyde {
            let start = MonotonicClock.now
            let completion = try models.complete(
                system: "You write short, factual passages.",
                user: "Write a passage of two to four sentences that answers the question below, as it might appear in "
                    + "a reference document. Do not mention that it is hypothetical.\n\nQuestion: \(plan.standalone)",
                generation: plan.generation, maxTokens: 200, onToken: nil, isCancelled: isCancelled)
            plan.extraUsage = plan.extraUsage + Usage(promptTokens: completion.promptTokens,
                                                      completionTokens: completion.completionTokens,
                                                      costUSD: completion.costUSD)
            plan.trace.add("hyde", from: start, [("model", .string(completion.model)),
                                                 ("completion_tokens", .number(Double(completion.completionTokens)))])
            hypothetical = completion.text
        }
        var vectors: [String: [Float]] = [:]
        let start = MonotonicClock.now
        for config in plan.configs where vectors[config.embedding.model] == nil {
            let embedder = try embedders.embedder(provider: config.embedding.provider, model: config.embedding.model)
            do {
                let texts = [plan.standalone] + (hypothetical.map { [$0] } ?? [])
                let embedded = try embedder.embed(texts)
                vectors[config.embedding.model] = embedded.count == 2 ? Self.mean(embedded[0], embedded[1]) : embedded[0]
            } catch {
                throw HTTPError(error.isTransient ? .serviceUnavailable : .badRequest, code: error.code,
                                message: error.message)
            }
        }
        plan.trace.add("embed", from: start, [("models", .array(vectors.keys.sorted().map(JSONValue.string)))])
        return vectors
    }

    /// Searches every knowledge base under one consistent view and fuses; with parent-document retrieval the hits
    /// are replaced by their parents.
    func search(_ plan: Plan, vectors: [String: [Float]]) throws -> Retrieved {
        let trace = plan.trace
        let targets = zip(plan.knowledgeBases, plan.configs).map {
            SearchIndexes.Target(kbID: $0.id, org: plan.caller.org, model: $1.embedding.model)
        }
        var stage = MonotonicClock.now
        let searched = try indexes.withSearchers(targets, filter: plan.filter) { searchers in
            trace.add("open_indexes", from: stage)
            stage = MonotonicClock.now
            let hits = HybridSearch.run(
                plan.options,
                dense: { k in
                    trace.measure("dense", [("k", .number(Double(k)))]) {
                        HybridSearch.merge(searchers.enumerated().map { position, searcher in
                            guard let vector = vectors[targets[position].model] else { return [] }
                            return Self.globalize(searcher.dense(vector, k: k), position)
                        }, k: k)
                    }
                },
                lexical: { k in
                    trace.measure("lexical", [("k", .number(Double(k)))]) {
                        HybridSearch.merge(searchers.enumerated().map { position, searcher in
                            Self.globalize(searcher.lexical(plan.standalone, k: k), position)
                        }, k: k)
                    }
                },
                vector: { label in
                    let (position, local) = Self.local(label)
                    return searchers[position].vector(local)
                },
                fused: {
                    // Fusion starts where the last list search ended.
                    let searched = trace.spans.last { $0.name == "dense" || $0.name == "lexical" }?.end ?? stage
                    let now = MonotonicClock.now
                    trace.add("fuse", from: searched, to: now, [("fusion", .string(plan.options.fusion.rawValue))])
                    stage = now
                })
            if plan.options.rerank != .none {
                trace.add("rerank", from: stage, [("method", .string(plan.options.rerank.rawValue))])
            }
            let chunks = hits.map { hit -> ChunkCache.Reference in
                let (position, local) = Self.local(hit.label)
                return ChunkCache.Reference(id: searchers[position].entry(local)?.chunkID ?? "",
                                            kbID: targets[position].kbID, generation: searchers[position].generation)
            }
            return (hits, chunks)
        }
        let (hits, references) = searched
        let queryTokens = Self.sharedAnalyzer.queryTokens(plan.standalone)
        let start = MonotonicClock.now
        let found = try loadChunks(references, org: plan.caller.org)
        // A chunk deleted since the search is left out.
        var cited = zip(hits, references).compactMap { hit, reference in
            found[reference.id].map { (hit: hit, chunk: $0.chunk) }
        }
        var words = found.mapValues(\.words)
        if plan.parentDocument {
            cited = try parents(of: cited, references: references, in: plan.caller.org, words: &words)
        }
        trace.add("load_chunks", from: start, [("chunks", .number(Double(cited.count)))])
        return Retrieved(hits: cited, queryTokens: queryTokens, words: words,
                         vector: vectors[plan.configs[0].embedding.model])
    }

    /// Parent-document retrieval: each child hit is replaced by its parent chunk (the wider context it was cut
    /// from), keeping the best-ranked child's score and order; children without a parent stay as they are.
    /// `references` are the searched chunks (children), whose knowledge bases and generations their parents share.
    private func parents(of hits: [(hit: FusedHit, chunk: CitableChunk)], references: [ChunkCache.Reference],
                         in org: OrgID, words: inout [String: Highlighter.Words])
        throws -> [(hit: FusedHit, chunk: CitableChunk)] {
        let children = Dictionary(references.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let parentReferences = hits.compactMap { entry in
            entry.chunk.parentID.flatMap { parent in
                children[entry.chunk.id].map { ChunkCache.Reference(id: parent, kbID: $0.kbID, generation: $0.generation) }
            }
        }
        guard !parentReferences.isEmpty else { return hits }
        let parents = try loadChunks(parentReferences, org: org)
        for (id, parent) in parents { words[id] = parent.words }
        var seen = Set<String>()
        return hits.compactMap { entry in
            let chunk = entry.chunk.parentID.flatMap { parents[$0]?.chunk } ?? entry.chunk
            return seen.insert(chunk.id).inserted ? (hit: entry.hit, chunk: chunk) : nil
        }
    }

    /// Chunks by id, from the chunk cache where current, else from SQLite.
    private func loadChunks(_ references: [ChunkCache.Reference], org: OrgID) throws -> [String: ChunkCache.Loaded] {
        try chunks.chunks(references, org: org) { ids in
            try database.read { try ChunkRepository.citable(ids, in: org, on: $0) }
        }
    }

    /// The standalone form of a follow-up: written by the knowledge base's model when it has one (falling back to
    /// the rules if the model fails), else by the rules.
    func condense(_ plan: inout Plan) throws {
        let start = MonotonicClock.now
        let previous = plan.history.map(\.query)
        var method = "rules"
        if plan.remote && models.isAvailable(plan.generation.provider) {
            let history = plan.history.map { "User: \($0.query)\nAssistant: \($0.answer ?? "")" }.joined(separator: "\n")
            if let completion = try? models.complete(
                system: "You rewrite follow-up questions so they can be understood without the conversation.",
                user: "Conversation:\n\(history)\n\nFollow-up question: \(plan.request.text)\n\nRewrite the follow-up "
                    + "as one standalone question. Reply with the question only.",
                generation: plan.generation, maxTokens: 100, onToken: nil, isCancelled: { false }) {
                let text = completion.text.trimmingWhitespace
                if !text.isEmpty && text.unicodeScalars.count <= limits.maxQueryCharacters {
                    plan.standalone = text
                    method = "model"
                    plan.extraUsage = plan.extraUsage + Usage(promptTokens: completion.promptTokens,
                                                              completionTokens: completion.completionTokens,
                                                              costUSD: completion.costUSD)
                }
            }
        }
        if method == "rules" {
            plan.standalone = FollowUpCondenser.condense(plan.request.text, previous: previous,
                                                          analyze: { Self.sharedAnalyzer.queryTokens(String($0)) })
        }
        plan.trace.add("condense", from: start, [("method", .string(method)),
                                                 ("standalone_query", .string(plan.standalone))])
    }

    private static func mean(_ a: [Float], _ b: [Float]) -> [Float] {
        var sum = zip(a, b).map { $0 + $1 }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { sum = sum.map { $0 / norm } }
        return sum
    }

    private static func globalize(_ hits: [RankedHit], _ position: Int) -> [RankedHit] {
        hits.map { RankedHit(label: UInt64(position) << labelBits | $0.label, score: $0.score) }
    }

    private static func local(_ label: UInt64) -> (Int, UInt64) {
        (Int(label >> labelBits), label & ((1 << labelBits) - 1))
    }
}
