import Chunking
import Embedding
import Ingest
import JSON

/// JSON Schemas of knowledge bases, ingestion, documents and jobs, for `/openapi.json`.
enum KnowledgeSchemas {
    static func reference(_ name: String) -> JSONValue { AccountSchemas.reference(name) }
    static func list(of item: String) -> JSONValue { AccountSchemas.list(of: item) }
    static let pageParameters = AccountSchemas.pageParameters

    private static let text: JSONValue = ["type": "string"]
    private static let optionalText: JSONValue = ["type": ["string", "null"]]
    private static let integer: JSONValue = ["type": "integer"]
    private static let time: JSONValue = ["type": "string", "format": "date-time"]
    private static let optionalTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    private static let error: JSONValue = [
        "type": ["object", "null"], "properties": ["code": text, "message": text],
    ]
    private static func choice(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    private static let config: JSONValue = [
        "type": "object", "additionalProperties": false,
        "description": "Every field is optional; left-out fields keep their current value (the server defaults at creation).",
        "properties": [
            "chunking": ["type": "object", "additionalProperties": false, "properties": [
                "strategy": choice(ChunkingStrategy.allCases.map(\.rawValue)),
                "chunk_size": ["type": "integer", "minimum": 16, "maximum": 32_768],
                "chunk_overlap": ["type": "integer", "minimum": 0],
                "unit": choice(ChunkUnit.allCases.map(\.rawValue)),
                "parent_chunk_size": integer,
            ]],
            "embedding": ["type": "object", "additionalProperties": false, "properties": [
                "provider": choice(EmbedderCatalog.providers), "model": text,
            ]],
            "retrieval": ["type": "object", "additionalProperties": false, "properties": [
                "mode": choice(KnowledgeBaseConfig.Retrieval.modes),
                "top_k": ["type": "integer", "minimum": 1, "maximum": 100],
                "fusion": choice(KnowledgeBaseConfig.Retrieval.fusions),
                "alpha": ["type": "number", "minimum": 0, "maximum": 1],
                "rerank": choice(KnowledgeBaseConfig.Retrieval.rerankers),
                "hyde": ["type": "boolean"], "compression": ["type": "boolean"],
                "parent_document": ["type": "boolean"], "self_query": ["type": "boolean"],
            ]],
            "generation": ["type": "object", "additionalProperties": false, "properties": [
                "provider": choice(KnowledgeBaseConfig.Generation.providers), "model": text,
                "temperature": ["type": "number", "minimum": 0, "maximum": 2],
                "max_tokens": ["type": "integer", "minimum": 1, "maximum": 32_768],
                "prompt": ["type": "string", "description": .string("name@version of a stored prompt, or name (its "
                    + "experiment's pick, else its latest version); empty for the built-in one.")],
                "fallback": ["type": "string", "enum": ["none", "extractive"],
                             "description": "On a provider failure: fail with 502/504, or answer extractively."],
            ]],
        ],
    ]

    private static let metadata: JSONValue = [
        "type": "object", "maxProperties": 100,
        "description": "Flat: values are strings, numbers, booleans, null or arrays of those (filterable).",
    ]

    private static let knowledgeBase: JSONValue = [
        "type": "object",
        "required": ["id", "name", "description", "config", "stats", "created_at", "updated_at"],
        "properties": [
            "id": text, "name": text, "description": text, "config": config,
            "stats": ["type": "object", "required": ["documents", "chunks", "tokens", "bytes"],
                      "properties": ["documents": integer, "chunks": integer, "tokens": integer, "bytes": integer]],
            "created_at": time, "updated_at": time,
        ],
    ]

    static let all: [(String, JSONValue)] = [
        ("KnowledgeBaseConfig", config),
        ("KnowledgeBase", knowledgeBase),
        ("KnowledgeBaseUpdate", ["allOf": [reference("KnowledgeBase"), [
            "type": "object", "required": ["reindex_job_id"],
            "properties": ["reindex_job_id": ["type": ["string", "null"],
                                              "description": "The re-index job the change started, if it needs one."]],
        ]]]),
        ("CreateKnowledgeBase", ["type": "object", "required": ["name"], "additionalProperties": false,
                                 "properties": ["name": ["type": "string", "minLength": 1, "maxLength": 200],
                                                "description": ["type": "string", "maxLength": 2000],
                                                "config": reference("KnowledgeBaseConfig")]]),
        ("UpdateKnowledgeBase", ["type": "object", "additionalProperties": false,
                                 "properties": ["name": ["type": "string", "minLength": 1, "maxLength": 200],
                                                "description": ["type": "string", "maxLength": 2000],
                                                "config": reference("KnowledgeBaseConfig")]]),
        ("IngestDocument", [
            "type": "object", "additionalProperties": false,
            "description": "Exactly one of text and content_base64.",
            "properties": [
                "text": text, "content_base64": ["type": "string", "contentEncoding": "base64"],
                "filename": text, "content_type": text, "title": ["type": "string", "maxLength": 500],
                "external_id": ["type": "string", "minLength": 1, "maxLength": 256,
                                "description": "Upsert key: the same external_id in the knowledge base replaces that document."],
                "metadata": metadata,
            ],
        ]),
        ("IngestRequest", ["type": "object", "required": ["documents"], "additionalProperties": false,
                           "properties": ["kb_id": text,
                                          "documents": ["type": "array", "minItems": 1,
                                                        "items": reference("IngestDocument")]]]),
        ("IngestUpload", [
            "type": "object", "required": ["file"],
            "properties": [
                "kb_id": text,
                "file": ["type": "array", "items": ["type": "string", "contentMediaType": "application/octet-stream"]],
                "metadata": ["type": "string", "description": "A JSON object applied to every file."],
                "external_id": ["type": "string", "description": "Only with a single file."],
                "title": ["type": "string", "description": "Only with a single file."],
            ],
        ]),
        ("IngestAccepted", [
            "type": "object", "required": ["job_id", "documents"],
            "properties": [
                "job_id": text,
                "documents": ["type": "array", "items": [
                    "type": "object", "required": ["id", "status", "external_id", "deduplicated"],
                    "properties": ["id": text, "status": text, "external_id": optionalText,
                                   "deduplicated": ["type": "boolean",
                                                    "description": "The content was already there: id is that document."]],
                ]],
            ],
        ]),
        ("Document", [
            "type": "object",
            "required": ["id", "kb_id", "title", "filename", "content_type", "bytes", "pages", "status", "error",
                         "metadata", "chunks", "external_id", "content_sha256", "version", "created_at", "updated_at"],
            "properties": [
                "id": text, "kb_id": text, "title": text, "filename": optionalText, "content_type": optionalText,
                "declared_content_type": optionalText, "bytes": integer, "pages": ["type": ["integer", "null"]],
                "status": choice(["queued", "processing", "ready", "failed", "canceled"]), "error": error,
                "metadata": ["type": "object"], "chunks": integer, "tokens": integer, "external_id": optionalText,
                "content_sha256": text, "version": integer, "created_at": time, "updated_at": time,
            ],
        ]),
        ("Chunk", [
            "type": "object", "required": ["id", "index", "text", "page", "parent_id", "token_count"],
            "properties": [
                "id": text, "document_id": text, "index": integer, "text": text, "page": ["type": ["integer", "null"]],
                "page_end": ["type": ["integer", "null"]], "section_path": ["type": "array", "items": text],
                "start_offset": integer, "end_offset": integer, "role": choice(["chunk", "parent", "child"]),
                "parent_id": optionalText, "token_count": integer,
            ],
        ]),
        ("Job", [
            "type": "object",
            "required": ["id", "kind", "status", "progress", "documents", "error", "created_at", "started_at", "finished_at"],
            "properties": [
                "id": text, "kind": choice(["ingest", "reindex"]), "kb_id": text,
                "status": choice(["queued", "running", "succeeded", "failed", "canceled"]),
                "progress": ["type": "object", "required": ["stage", "done", "total"],
                             "properties": ["stage": text, "done": integer, "total": integer]],
                "documents": ["type": "array", "items": [
                    "type": "object",
                    "properties": ["id": text, "status": text, "attempts": integer, "error": error,
                                   "progress": ["type": "object",
                                                "properties": ["stage": text, "done": integer, "total": integer]]],
                ]],
                "error": error, "created_at": time, "started_at": optionalTime, "finished_at": optionalTime,
            ],
        ]),
    ]
}
