import HTTP
import Ingest
import JSON
import Retrieval
import Server

/// A `POST /v1/query` body, validated: every malformed field is a 400 naming it before any search runs.
struct QueryRequest {
    /// Limits on a query, so one request cannot ask for unbounded work.
    struct Limits: Sendable {
        /// Characters of query text (a question, not a document).
        var maxQueryCharacters = 4_000
        /// Knowledge bases searched at once.
        var maxKnowledgeBases = 20
    }

    var knowledgeBaseIDs: [String]
    var text: String
    /// Options given in the request; unset ones come from the first knowledge base's config.
    var topK: Int?
    var mode: RetrievalMode?
    var fusion: Fusion?
    var alpha: Float?
    var rerank: Rerank?
    var minScore: Float = 0
    var filtersJSON: JSONValue?
    var generate: Bool
    var stream: Bool
    var explain: Bool
    /// Advanced retrieval switches; nil takes the knowledge base's setting.
    var hyde: Bool?
    var compression: Bool?
    var parentDocument: Bool?
    var selfQuery: Bool?
    var conversationID: String?
    /// `name` or `name@version`.
    var prompt: String?
    /// False skips the query cache (lookup and store), e.g. for benchmarks of the uncached path.
    var cache: Bool

    static let fields: Set<String> = [
        "kb_id", "kb_ids", "query", "top_k", "retrieval", "filters", "generate", "stream", "conversation_id", "prompt",
        "explain", "cache",
    ]
    static let retrievalFields: Set<String> = ["mode", "fusion", "alpha", "rerank", "hyde", "min_score", "compression",
                                               "parent_document", "self_query"]

    init(_ body: JSONBody, limits: Limits) throws(HTTPError) {
        var ids: [String] = []
        if let one = try body.string("kb_id") { ids.append(one) }
        for (position, value) in (try body.array("kb_ids") ?? []).enumerated() {
            guard case .string(let id) = value else {
                throw JSONBody.invalid("kb_ids[\(position)] must be a string.", field: "kb_ids[\(position)]")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else { throw JSONBody.invalid("Give kb_id or kb_ids.", field: "kb_id") }
        guard ids.count <= limits.maxKnowledgeBases else {
            throw JSONBody.invalid("At most \(limits.maxKnowledgeBases) knowledge bases per query.", field: "kb_ids")
        }
        knowledgeBaseIDs = ids

        let text = (try body.string("query", required: true) ?? "").trimmingWhitespace
        guard !text.isEmpty else { throw JSONBody.invalid("The query is empty.", field: "query") }
        guard text.unicodeScalars.count <= limits.maxQueryCharacters else {
            throw JSONBody.invalid("The query is longer than \(limits.maxQueryCharacters) characters.", field: "query")
        }
        self.text = text
        topK = try body.integer("top_k", in: KnowledgeBaseConfig.Retrieval.topKLimits)

        if let retrieval = try body.object("retrieval", allowing: Self.retrievalFields) {
            mode = try retrieval.choice("mode", of: RetrievalMode.allCases.map(\.rawValue)).flatMap(RetrievalMode.init)
            fusion = try retrieval.choice("fusion", of: Fusion.allCases.map(\.rawValue)).flatMap(Fusion.init)
            alpha = try retrieval.number("alpha", in: 0...1).map(Float.init)
            rerank = try retrieval.choice("rerank", of: Rerank.allCases.map(\.rawValue)).flatMap(Rerank.init)
            if rerank == .crossEncoder {
                throw HTTPError(.badRequest, code: "unsupported", message: "The cross_encoder reranker is not available "
                                + "in this build; use none or mmr.", details: ["field": "retrieval.rerank"])
            }
            hyde = try retrieval.bool("hyde")
            compression = try retrieval.bool("compression")
            parentDocument = try retrieval.bool("parent_document")
            selfQuery = try retrieval.bool("self_query")
            minScore = Float(try retrieval.number("min_score", in: -1_000_000...1_000_000) ?? 0)
        }
        filtersJSON = body.value("filters")
        generate = try body.bool("generate") ?? true
        stream = try body.bool("stream") ?? false
        explain = try body.bool("explain") ?? false
        conversationID = try body.string("conversation_id")
        if let id = conversationID, id.isEmpty || id.utf8.count > 64 {
            throw JSONBody.invalid("conversation_id is not a conversation id.", field: "conversation_id")
        }
        prompt = try body.string("prompt")
        cache = try body.bool("cache") ?? true
    }

    /// The effective retrieval options: the request over the knowledge base's config.
    func options(over config: KnowledgeBaseConfig.Retrieval) -> RetrievalOptions {
        var options = RetrievalOptions()
        options.mode = mode ?? RetrievalMode(rawValue: config.mode) ?? .hybrid
        options.fusion = fusion ?? Fusion(rawValue: config.fusion) ?? .rrf
        options.alpha = alpha ?? Float(config.alpha)
        options.rerank = rerank ?? Rerank(rawValue: config.rerank).flatMap { $0 == .crossEncoder ? nil : $0 } ?? .none
        options.topK = topK ?? config.topK
        options.minScore = minScore
        return options
    }
}
