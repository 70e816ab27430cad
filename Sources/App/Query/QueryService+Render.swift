import Generation
import JSON
import Retrieval

extension QueryService {
    /// The retrieved chunks as citations, written as a JSON array. Highlights are the query's words in each chunk;
    /// with an answer, they are the sentences that support it instead (none for a chunk the answer does not cite).
    func writeCitations(_ retrieved: Retrieved, answer: Answer?, to json: inout JSONWriter) {
        let highlighter = Highlighter(queryTerms: Set(retrieved.queryTokens))
        json.array { json in
            for (position, entry) in retrieved.hits.enumerated() {
                let marker = position + 1
                // The words found when the chunk was read; they hold offsets into that text, so a hit whose text
                // is not the one they were found in (a retrieval cache entry, say) gets its own.
                let words = retrieved.words[entry.chunk.id].flatMap { $0.text == entry.chunk.text ? $0 : nil }
                let spans = answer.map { $0.supports[marker] ?? [] }
                    ?? highlighter.spans(in: words ?? Self.highlighterWords(entry.chunk.text))
                json.object { json in
                    json.field("marker", marker)
                    json.field("chunk_id", entry.chunk.id)
                    json.field("document_id", entry.chunk.documentID)
                    json.field("title", entry.chunk.title)
                    json.field("page", entry.chunk.page)
                    json.field("text", entry.chunk.text)
                    json.key("highlights")
                    json.array { json in
                        for span in spans { json.array { json in for offset in span { json.integer(offset) } } }
                    }
                    json.field("score", entry.hit.score)
                }
            }
        }
    }

    /// The citations as history keeps them: no chunk text (the chunk id leads to it while the chunk exists).
    static func citationSummary(_ retrieved: Retrieved, answer: Answer?) -> String {
        var json = JSONWriter(reservingCapacity: 256 * retrieved.hits.count)
        json.array { json in
            for (position, entry) in retrieved.hits.enumerated() {
                json.object { json in
                    json.field("marker", position + 1)
                    json.field("chunk_id", entry.chunk.id)
                    json.field("document_id", entry.chunk.documentID)
                    json.field("title", entry.chunk.title)
                    json.field("page", entry.chunk.page)
                    json.field("score", entry.hit.score)
                    json.field("cited", answer?.citedMarkers.contains(position + 1) ?? false)
                }
            }
        }
        return json.text
    }

    /// The response body (the `done` event's data when streaming, which leaves the citations out: they went first).
    func render(_ plan: Plan, _ outcome: Outcome, citations withCitations: Bool) -> [UInt8] {
        let retrieved = outcome.retrieved
        let elapsed = plan.trace.elapsedMilliseconds
        var json = JSONWriter(reservingCapacity: withCitations ? 512 + 2_048 * retrieved.hits.count : 512)
        json.object { json in
            if let answer = outcome.answer { json.field("answer", answer.text) }
            if withCitations {
                json.key("citations")
                writeCitations(retrieved, answer: outcome.answer, to: &json)
            }
            json.field("conversation_id", plan.conversationID)
            json.field("query_id", plan.queryID)
            json.field("trace_id", plan.traceID)
            json.key("usage")
            json.object { json in
                json.field("prompt_tokens", outcome.usage.promptTokens)
                json.field("completion_tokens", outcome.usage.completionTokens)
                json.field("cost_usd", outcome.usage.costUSD)
            }
            json.field("latency_ms", (elapsed * 10).rounded() / 10)
            if outcome.cache != "miss" { json.field("cache", outcome.cache) }
            if plan.standalone != plan.request.text { json.field("standalone_query", plan.standalone) }
            if plan.request.explain { json.field("explain", explanation(plan, retrieved)) }
        }
        return json.bytes
    }

    /// The `explain` block: each hit's ranks and scores in both lists, the filters, the query's terms, compression.
    private func explanation(_ plan: Plan, _ retrieved: Retrieved) -> JSONValue {
        [
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
        ]
    }
}
