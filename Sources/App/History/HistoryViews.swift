import JSON
import Store

/// JSON views of queries, traces and conversations.
enum HistoryViews {
    static func query(_ record: QueryRecord) -> JSONValue {
        [
            "id": .string(record.id), "query": .string(record.query),
            "standalone_query": .string(record.standaloneQuery),
            "answer": record.answer.map(JSONValue.string) ?? .null,
            "citations": JSONParser.parse(record.citations) ?? [],
            "conversation_id": record.conversationID.map(JSONValue.string) ?? .null,
            "kb_ids": JSONParser.parse(record.kbIDs) ?? [],
            "principal_id": .string(record.principalID),
            "provider": .string(record.provider), "model": .string(record.model),
            "prompt": record.promptName.map { .string("\($0)@\(record.promptVersion ?? 0)") } ?? .null,
            "usage": [
                "prompt_tokens": .number(Double(record.promptTokens)),
                "completion_tokens": .number(Double(record.completionTokens)), "cost_usd": .number(record.costUSD),
            ],
            "latency_ms": .number(record.latencyMilliseconds), "cache": .string(record.cache),
            "citation_accuracy": record.citationAccuracy.map { .number($0) } ?? .null,
            "status": .string(record.status), "error_code": record.errorCode.map(JSONValue.string) ?? .null,
            "trace_id": .string(record.traceID), "request_id": .string(record.requestID),
            "feedback": record.feedbackRating.map { rating in
                ["rating": .number(Double(rating)), "comment": record.feedbackComment.map(JSONValue.string) ?? .null]
            } ?? .null,
            "created_at": .string(Timestamp.format(milliseconds: record.createdAt)),
        ]
    }

    static func trace(_ record: TraceRecord) -> JSONValue {
        [
            "trace_id": .string(record.id), "request_id": .string(record.requestID), "org_id": .string(record.orgID),
            "kb_id": .string(record.kbID), "query_id": .string(record.queryID),
            "timestamp": .string(Timestamp.format(milliseconds: record.createdAt)),
            "spans": JSONParser.parse(record.spans) ?? [],
            "attributes": JSONParser.parse(record.attributes) ?? [:],
            "total_cost_usd": .number(record.totalCostUSD), "total_latency_ms": .number(record.totalLatencyMilliseconds),
            "success": .bool(record.success),
        ]
    }

    static func conversation(_ record: ConversationRecord, turns: [QueryRecord]?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(record.id)), ("title", .string(record.title)),
            ("kb_ids", JSONParser.parse(record.kbIDs) ?? []),
            ("created_at", .string(Timestamp.format(milliseconds: record.createdAt))),
            ("updated_at", .string(Timestamp.format(milliseconds: record.updatedAt))),
        ]
        if let turns {
            var messages: [JSONValue] = []
            for turn in turns {
                let time = JSONValue.string(Timestamp.format(milliseconds: turn.createdAt))
                messages.append(["role": "user", "content": .string(turn.query), "query_id": .string(turn.id),
                                 "created_at": time])
                messages.append(["role": "assistant", "content": turn.answer.map(JSONValue.string) ?? .null,
                                 "citations": JSONParser.parse(turn.citations) ?? [], "query_id": .string(turn.id),
                                 "status": .string(turn.status), "created_at": time])
            }
            members.append(("messages", .array(messages)))
        }
        return .object(members)
    }
}
