import JSON
import Retrieval
import Server

/// `POST /v1/query`: retrieval over one or more knowledge bases, answered by the extractive generator or a remote
/// model.
enum QueryEndpoints {
    static func make(access: AccessControl, service: QueryService, jsonLimit: Int) -> [Endpoint] {
        [
            Endpoint(.post, "/v1/query", operationID: "query",
                     summary: "Answer a question from knowledge bases: hybrid (dense + BM25, fused), dense or lexical "
                         + "retrieval with metadata filters, optional MMR, HyDE, compression, parent documents and "
                         + "self-query; an answer with checked [n] citations (extractive or a remote model), streamed "
                         + "as SSE on request; conversations, prompts, cache, traces. generate:false retrieves only.",
                     tag: "query", maxBodyBytes: jsonLimit,
                     requestSchema: QuerySchemas.reference("QueryRequest"),
                     responses: [.init(200, "The retrieved chunks as citations.", schema: QuerySchemas.reference("QueryResponse"))],
                     permission: .read,
                     handler: access.protected(.read) { request, caller in
                         let body = try JSONBody(request, allowing: QueryRequest.fields)
                         return try service.respond(caller, request: request, body: body)
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
                    "hyde": ["type": "boolean", "description": .string("Search with the question plus a hypothetical "
                        + "answer written by the knowledge base's model (needs an openai or ollama provider).")],
                    "min_score": number,
                    "compression": ["type": "boolean", "description": .string("Send the model only the retrieved "
                        + "sentences closest to the question, under a token budget.")],
                    "parent_document": ["type": "boolean", "description": .string("Search the small child chunks of "
                        + "parent_child chunking, cite their parents.")],
                    "self_query": ["type": "boolean", "description": .string("Read metadata filters (dates, authors, "
                        + "document names) out of the question.")],
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
                "conversation_id": ["type": "string", "description": .string("Continue a conversation: the "
                    + "question is read in the light of the earlier turns. An answered query without one starts one.")],
                "prompt": ["type": "string", "description": .string("name@version, or name (its experiment's pick, else "
                    + "its latest version); overrides the knowledge base's prompt.")],
                "explain": ["type": "boolean"],
                "cache": ["type": "boolean", "description": .string("false skips the query cache.")],
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
                "cache": ["type": "string", "enum": ["exact", "semantic"],
                          "description": "Present when the answer came from the query cache."],
                "standalone_query": ["type": "string",
                                     "description": "In a conversation: the follow-up as retrieval read it."],
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
