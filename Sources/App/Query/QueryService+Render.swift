import Generation
import JSON
import LexicalIndex
import Retrieval
import Threading

extension QueryService {
    /// The retrieved chunks as citations. Highlights are the query's words in each chunk; with an answer, they are
    /// the sentences that support it instead (none for a chunk the answer does not cite).
    func citations(_ retrieved: Retrieved, answer: Answer?) -> [JSONValue] {
        let queryTerms = Set(retrieved.queryTokens)
        var highlighter = Highlighter(queryTerms: queryTerms)
        // Candidate words are analyzed with one reused scanner and compared as bytes: no strings per word.
        var analysis = Analyzer.Reusable(Self.sharedAnalyzer)
        let wanted = queryTerms.map { Array($0.utf8) }
        func matches(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
            var found = false
            analysis.forEachTerm(in: word) { term in
                if !found { found = wanted.contains { $0.elementsEqual(term) } }
            }
            return found
        }
        return retrieved.hits.enumerated().map { position, entry -> JSONValue in
            let marker = position + 1
            // The words found when the chunk was read; they hold offsets into that text, so a hit whose text is not
            // the one they were found in (a retrieval cache entry, say) gets its own.
            let words = retrieved.words[entry.chunk.id].flatMap { $0.text == entry.chunk.text ? $0 : nil }
            let spans = answer.map { $0.supports[marker] ?? [] }
                ?? highlighter.spans(in: words ?? Highlighter.Words(entry.chunk.text), matches: matches)
            return [
                "marker": .number(Double(marker)), "chunk_id": .string(entry.chunk.id),
                "document_id": .string(entry.chunk.documentID), "title": .string(entry.chunk.title),
                "page": entry.chunk.page.map { .number(Double($0)) } ?? .null, "text": .string(entry.chunk.text),
                "highlights": .array(spans.map { .array($0.map { .number(Double($0)) }) }),
                "score": .number(Double(entry.hit.score)),
            ]
        }
    }

    /// The citations as history keeps them: no chunk text (the chunk id leads to it while the chunk exists).
    static func citationSummary(_ retrieved: Retrieved, answer: Answer?) -> JSONValue {
        .array(retrieved.hits.enumerated().map { position, entry in
            [
                "marker": .number(Double(position + 1)), "chunk_id": .string(entry.chunk.id),
                "document_id": .string(entry.chunk.documentID), "title": .string(entry.chunk.title),
                "page": entry.chunk.page.map { .number(Double($0)) } ?? .null,
                "score": .number(Double(entry.hit.score)),
                "cited": .bool(answer?.citedMarkers.contains(position + 1) ?? false),
            ]
        })
    }

    /// The response body (the `done` event's data when streaming, which leaves the citations out: they went first).
    func render(_ plan: Plan, _ outcome: Outcome, citations withCitations: Bool) -> JSONValue {
        let retrieved = outcome.retrieved
        let elapsed = plan.trace.elapsedMilliseconds
        var response: [(key: String, value: JSONValue)] = []
        if let answer = outcome.answer { response.append(("answer", .string(answer.text))) }
        if withCitations { response.append(("citations", .array(citations(retrieved, answer: outcome.answer)))) }
        response += [
            ("conversation_id", plan.conversationID.map(JSONValue.string) ?? .null),
            ("query_id", .string(plan.queryID)),
            ("trace_id", .string(plan.traceID)),
            ("usage", [
                "prompt_tokens": .number(Double(outcome.usage.promptTokens)),
                "completion_tokens": .number(Double(outcome.usage.completionTokens)),
                "cost_usd": .number(outcome.usage.costUSD),
            ]),
            ("latency_ms", .number((elapsed * 10).rounded() / 10)),
        ]
        if outcome.cache != "miss" { response.append(("cache", .string(outcome.cache))) }
        if plan.standalone != plan.request.text { response.append(("standalone_query", .string(plan.standalone))) }
        if plan.request.explain {
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
                "filters": plan.filter.json,
                "query_tokens": .array(retrieved.queryTokens.map(JSONValue.string)),
                "mode": .string(plan.options.mode.rawValue), "fusion": .string(plan.options.fusion.rawValue),
                "compression": retrieved.compressed.map { outputs in
                    [
                        "tokens_before": .number(Double(outputs.reduce(0) { $0 + $1.tokensBefore })),
                        "tokens_after": .number(Double(outputs.reduce(0) { $0 + $1.tokensAfter })),
                        "kept": .array(outputs.map { output in
                            ["marker": .number(Double(output.marker)),
                             "ranges": .array(output.kept.map { [.number(Double($0.lowerBound)),
                                                                 .number(Double($0.upperBound))] })]
                        }),
                    ]
                } ?? .null,
            ]))
        }
        return .object(response)
    }
}
