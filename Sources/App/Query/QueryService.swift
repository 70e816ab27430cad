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
import Synchronization
import Threading

/// `POST /v1/query`: resolve the knowledge bases the caller may search, read a follow-up in the light of its
/// conversation, answer from the cache when the same question (or one close enough) was answered already, else
/// embed, search every knowledge base's indexes under one consistent view, fuse, answer (extractive or a remote
/// model with a versioned prompt) and cite — recording the query, its trace and its cost.
final class QueryService: Sendable {
    let database: Database
    let indexes: SearchIndexes
    let embedders: Embedders
    let limits: QueryRequest.Limits
    let metrics: QueryMetrics
    let recorder: QueryRecorder
    let prompts: PromptService
    let models: LanguageModels
    let cache: QueryCache<CachedAnswer>
    let chunks: ChunkCache
    let now: @Sendable () -> Int64
    let extractive = ExtractiveGenerator()
    /// Self-query vocabularies by knowledge bases and their generations (building one indexes every title, name and
    /// value; a change to a knowledge base is a new generation and so a new entry).
    let vocabularies = Mutex<[String: SelfQuery.Vocabulary]>([:])

    /// Conversation turns read back into a follow-up, at most.
    static let historyTurns = 6

    init(database: Database, indexes: SearchIndexes, embedders: Embedders, limits: QueryRequest.Limits,
         metrics: QueryMetrics, recorder: QueryRecorder, prompts: PromptService, models: LanguageModels,
         cache: QueryCache<CachedAnswer>, chunks: ChunkCache, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.indexes = indexes
        self.embedders = embedders
        self.limits = limits
        self.metrics = metrics
        self.recorder = recorder
        self.prompts = prompts
        self.models = models
        self.cache = cache
        self.chunks = chunks
        self.now = now
    }

    /// Everything decided before retrieval starts.
    struct Plan {
        var request: QueryRequest
        var caller: Caller
        var requestID: String
        var knowledgeBases: [KnowledgeBaseRecord]
        /// Their index generations when the query started.
        var generations: [Int64]
        var configs: [KnowledgeBaseConfig]
        var filter: SearchFilter
        var options: RetrievalOptions
        var generation: KnowledgeBaseConfig.Generation
        var hyde: Bool
        var compression: Bool
        var parentDocument: Bool
        var selfQuery: Bool
        /// The conversation this query belongs to, whether this query starts it, and its earlier turns.
        var conversationID: String?
        var startsConversation: Bool
        var history: [QueryRecord]
        /// The text retrieval searches for: the question, or its standalone form in a conversation.
        var standalone: String
        var prompt: PromptService.Choice?
        /// Nil when the cache is off for this query.
        var cacheScope: String?
        var queryID: String
        var traceID: String
        var trace: QueryTrace
        /// Tokens and cost spent before the answer (condensing, HyDE).
        var extraUsage = Usage()

        var remote: Bool { generation.provider != "extractive" }
    }

    /// Tokens and cost of the model calls of one query.
    struct Usage: Sendable {
        var promptTokens = 0
        var completionTokens = 0
        var costUSD = 0.0

        static func + (lhs: Usage, rhs: Usage) -> Usage {
            Usage(promptTokens: lhs.promptTokens + rhs.promptTokens,
                  completionTokens: lhs.completionTokens + rhs.completionTokens, costUSD: lhs.costUSD + rhs.costUSD)
        }
    }

    /// How a query ended.
    struct Outcome {
        var retrieved: Retrieved
        var answer: Answer?
        var usage: Usage
        /// `miss`, `exact` or `semantic`.
        var cache: String
        var citationAccuracy: Double?
        var provider: String
    }

    /// `POST /v1/query`: the JSON response, or an event stream when the request asks for one.
    func respond(_ caller: Caller, request httpRequest: Request, body: JSONBody) throws -> Response {
        let trace = QueryTrace(origin: httpRequest.receivedAt)
        trace.add("auth", from: httpRequest.receivedAt, to: MonotonicClock.now,
                  [("includes", "parsing, worker queue, authentication, rate limit")])
        var plan = try prepare(caller, body: body, requestID: httpRequest.id, trace: trace)
        guard plan.request.stream else {
            do {
                let outcome = try run(&plan, events: nil)
                record(plan, outcome: outcome, error: nil)
                return Response(status: .ok, contentType: JSONCoding.contentType,
                                bytes: render(plan, outcome, citations: true))
            } catch {
                record(plan, outcome: nil, error: error)
                throw error
            }
        }
        let prepared = plan
        return ServerSentEvents.response { [self] events in
            var plan = prepared
            do {
                let outcome = try run(&plan, events: events)
                record(plan, outcome: outcome, error: nil)
                let body = render(plan, outcome, citations: false)
                try events.send(event: "done", data: String(decoding: body, as: UTF8.self))
            } catch let error as StreamCancelled {
                record(plan, outcome: nil, error: error)
                throw error
            } catch {
                record(plan, outcome: nil, error: error)
                let failure = error as? HTTPError ?? HTTPError(.internalServerError, code: "internal_error",
                                                               message: "The query failed.")
                try? events.send(event: "error", data: JSONValue.object([("error", JSONValue.object([
                    ("code", .string(failure.code)), ("message", .string(failure.message)),
                    ("request_id", .string(plan.requestID)),
                ]))]).serializedText)
            }
        }
    }

    /// Retrieval and the answer, from the cache when possible. With `events`, the citations go out as soon as
    /// retrieval is done and the answer as it is written.
    private func run(_ plan: inout Plan, events: ServerSentEvents.EventSink?) throws -> Outcome {
        let cached: (CachedAnswer, String)? = plan.cacheScope.flatMap { scope in
            plan.trace.measure("cache") { cache.exact(scope: scope, text: plan.standalone).map { ($0, "exact") } }
        }
        var retrieved: Retrieved
        var hit = cached
        if let (value, _) = cached {
            retrieved = Retrieved(hits: value.hits, queryTokens: value.queryTokens, vector: nil)
        } else {
            // A streaming client that leaves during HyDE's model call cancels it too.
            let vectors = try embed(&plan, isCancelled: { events?.isCancelled ?? false })
            // The first knowledge base's model embeds the question the semantic cache compares (and compression).
            let vector = vectors[plan.configs[0].embedding.model]
            let similar = plan.cacheScope.flatMap { scope in
                vector.flatMap { vector in
                    plan.hyde ? nil : plan.trace.measure("cache") { cache.semantic(scope: scope, vector: vector) }
                }
            }
            if let value = similar, let scope = plan.cacheScope {
                hit = (value, "semantic")
                retrieved = Retrieved(hits: value.hits, queryTokens: value.queryTokens, vector: vector)
                // This wording is now known: the next time it is an exact hit, without embedding the question.
                cache.store(value, scope: scope, text: plan.standalone, vector: vector,
                            bytes: CachedAnswer.estimatedBytes(value.hits, value.answer))
            } else {
                retrieved = try search(plan, vectors: vectors)
            }
        }
        if let events {
            var json = JSONWriter()
            json.object { json in
                json.key("citations")
                writeCitations(retrieved, answer: nil, to: &json)
            }
            try events.send(event: "retrieval", data: json.text)
        }
        if let (value, kind) = hit {
            plan.trace.attributes.append(("cache", .string(kind)))
            if let events, let answer = value.answer {
                for piece in Self.pieces(of: answer.text) {
                    try events.send(event: "token", data: JSONValue.object([("text", .string(piece))]).serializedText)
                }
            }
            return Outcome(retrieved: retrieved, answer: value.answer, usage: plan.extraUsage, cache: kind,
                           citationAccuracy: value.citationAccuracy, provider: value.provider)
        }
        plan.trace.attributes.append(("cache", plan.cacheScope == nil ? "off" : "miss"))
        // Compression shapes what a remote model reads; with explain it also shows what would be kept.
        if plan.compression && ((plan.remote && plan.request.generate) || plan.request.explain) {
            retrieved.compressed = try compress(plan, retrieved: retrieved)
        }
        var outcome = Outcome(retrieved: retrieved, answer: nil, usage: plan.extraUsage, cache: "miss",
                              citationAccuracy: nil, provider: plan.request.generate ? plan.generation.provider : "none")
        if plan.request.generate {
            let generated = try generate(plan, retrieved: retrieved, events: events)
            outcome.answer = generated.answer
            outcome.usage = outcome.usage + generated.usage
            outcome.citationAccuracy = generated.citationAccuracy
            outcome.provider = generated.provider
        }
        if let scope = plan.cacheScope, outcome.provider == plan.generation.provider || !plan.request.generate {
            cache.store(CachedAnswer(hits: retrieved.hits, queryTokens: retrieved.queryTokens, answer: outcome.answer,
                                     citationAccuracy: outcome.citationAccuracy, provider: outcome.provider),
                        scope: scope, text: plan.standalone, vector: retrieved.vector,
                        bytes: CachedAnswer.estimatedBytes(retrieved.hits, outcome.answer))
        }
        return outcome
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
}

/// What the cache keeps of an answered query: enough to render it again without searching or generating.
struct CachedAnswer: Sendable {
    var hits: [(hit: FusedHit, chunk: CitableChunk)]
    var queryTokens: [String]
    var answer: Answer?
    var citationAccuracy: Double?
    var provider: String

    /// Roughly what an entry holds in memory, for the cache's byte budget.
    static func estimatedBytes(_ hits: [(hit: FusedHit, chunk: CitableChunk)], _ answer: Answer?) -> Int {
        hits.reduce(256) { $0 + 160 + $1.chunk.text.utf8.count + $1.chunk.title.utf8.count }
            + (answer?.text.utf8.count ?? 0)
    }
}
