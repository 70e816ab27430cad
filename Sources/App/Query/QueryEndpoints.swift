import JSON
import Retrieval
import Server

/// `POST /v1/query`: retrieval over one or more knowledge bases (answers arrive with generation).
enum QueryEndpoints {
    static func make(access: AccessControl, service: QueryService, jsonLimit: Int) -> [Endpoint] {
        [
            Endpoint(.post, "/v1/query", operationID: "query",
                     summary: "Search knowledge bases: hybrid (dense + BM25, fused), dense or lexical, with metadata "
                         + "filters, optional MMR and an explain block. Send generate:false for retrieval only.",
                     tag: "query", maxBodyBytes: jsonLimit,
                     requestSchema: QuerySchemas.reference("QueryRequest"),
                     responses: [.init(200, "The retrieved chunks as citations.", schema: QuerySchemas.reference("QueryResponse"))],
                     permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let body = try JSONBody(request, allowing: QueryRequest.fields)
                         return try service.respond(caller, body: body)
                     }),
        ]
    }
}

/// JSON Schemas of the query API.
enum QuerySchemas {
    static func reference(_ name: String) -> JSONValue { AccountSchemas.reference(name) }

    private static let number: JSONValue = ["type": "number"]
    private static let optionalNumber: JSONValue = ["type": ["number", "null"]]
    private static let optionalInteger: JSONValue = ["type": ["integer", "null"]]
    private static func choice(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static let all: [(String, JSONValue)] = [
        ("QueryRequest", [
            "type": "object", "additionalProperties": false, "required": ["query"],
            "properties": [
                "kb_id": ["type": "string"],
                "kb_ids": ["type": "array", "items": ["type": "string"], "maxItems": 20],
                "query": ["type": "string", "minLength": 1],
                "top_k": ["type": "integer", "minimum": 1, "maximum": 100],
                "retrieval": ["type": "object", "additionalProperties": false, "properties": [
                    "mode": choice(RetrievalMode.allCases.map(\.rawValue)),
                    "fusion": choice(Fusion.allCases.map(\.rawValue)),
                    "alpha": ["type": "number", "minimum": 0, "maximum": 1],
                    "rerank": choice(Rerank.allCases.map(\.rawValue)),
                    "hyde": ["type": "boolean"],
                    "min_score": number,
                ]],
                "filters": [
                    "type": "object",
                    "description": .string("document_id, external_id (string or list), created_after, created_before "
                        + "(RFC 3339 or YYYY-MM-DD), metadata.<key>: a value, a list (any of) or operators $eq $ne $in "
                        + "$nin $gt $gte $lt $lte $exists."),
                ],
                "generate": ["type": "boolean", "description": .string("Defaults to true: an answer with [n] markers from the "
                    + "knowledge base's generator (extractive: the best-matching retrieved sentences). Citation "
                    + "highlights are then the supporting sentences; with false, the query's words.")],
                "stream": ["type": "boolean", "description": .string("text/event-stream: event retrieval {citations}, token "
                    + "{text} repeatedly, done (the body without citations), or error {error}.")],
                "conversation_id": ["type": "string"],
                "prompt": ["type": "string"],
                "explain": ["type": "boolean"],
            ],
        ]),
        ("QueryResponse", [
            "type": "object", "required": ["citations", "query_id", "trace_id", "latency_ms", "usage"],
            "properties": [
                "answer": ["type": "string"],
                "citations": ["type": "array", "items": [
                    "type": "object",
                    "properties": [
                        "marker": ["type": "integer"], "chunk_id": ["type": "string"], "document_id": ["type": "string"],
                        "title": ["type": "string"], "page": optionalInteger, "text": ["type": "string"],
                        "highlights": ["type": "array", "items": ["type": "array", "items": ["type": "integer"],
                                                                  "minItems": 2, "maxItems": 2],
                                       "description": "[start, end) offsets in Unicode code points of text."],
                        "score": number,
                    ],
                ]],
                "conversation_id": ["type": ["string", "null"]],
                "query_id": ["type": "string"], "trace_id": ["type": "string"],
                "usage": ["type": "object", "properties": [
                    "prompt_tokens": ["type": "integer"], "completion_tokens": ["type": "integer"], "cost_usd": number,
                ]],
                "latency_ms": number,
                "explain": ["type": "object", "properties": [
                    "hits": ["type": "array", "items": ["type": "object", "properties": [
                        "chunk_id": ["type": "string"], "lexical_score": optionalNumber, "lexical_rank": optionalInteger,
                        "dense_score": optionalNumber, "dense_rank": optionalInteger, "fused_score": number,
                    ]]],
                    "filters": ["type": "object"],
                    "query_tokens": ["type": "array", "items": ["type": "string"]],
                    "mode": ["type": "string"], "fusion": ["type": "string"],
                ]],
            ],
        ]),
    ]
}
