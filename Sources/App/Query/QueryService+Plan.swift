import Crypto
import Threading
import Generation
import Ingest
import JSON
import Retrieval
import Server
import Store

extension QueryService {
    /// Validation, access, the conversation, the prompt and the cache scope: every 4xx a query can earn is raised
    /// here, before anything is searched, spent or recorded.
    func prepare(_ caller: Caller, body: JSONBody, requestID: String, trace: QueryTrace) throws -> Plan {
        let request = try QueryRequest(body, limits: limits)
        let filter: SearchFilter
        do {
            filter = try SearchFilter.parse(request.filtersJSON, time: Self.time)
        } catch {
            throw HTTPError(.badRequest, code: "invalid_filter", message: "\(error.field): \(error.reason).",
                            details: ["field": error.field])
        }
        let (knowledgeBases, generations) = try resolve(request.knowledgeBaseIDs, for: caller)
        let configs = knowledgeBases.map { KnowledgeBaseConfig.stored($0.config) }
        let first = configs[0]
        let generation = first.generation
        let hyde = request.hyde ?? first.retrieval.hyde
        if request.generate && generation.provider != "extractive" && !models.isAvailable(generation.provider) {
            throw HTTPError(.serviceUnavailable, code: "generation_unavailable",
                            message: "The knowledge base answers with \(generation.provider), which this server is not "
                                + "configured for (see providers.\(generation.provider) in the config); send "
                                + "generate: false or configure the provider.",
                            details: ["provider": generation.provider])
        }
        if hyde && !models.isAvailable(generation.provider) {
            throw HTTPError(.badRequest, code: "hyde_unavailable",
                            message: "HyDE writes a hypothetical answer with the knowledge base's model; configure an "
                                + "openai or ollama generation provider, or send retrieval.hyde: false.",
                            details: ["field": "retrieval.hyde"])
        }

        // History, trace and conversation rows are written at the query rate: time-ordered ids keep their indexes
        // append-only.
        let startedAt = now()
        // The conversation: a follow-up continues one of the caller's own; an answered query without one starts one.
        var history: [QueryRecord] = []
        var conversationID = request.conversationID
        var starts = false
        if let id = conversationID {
            recorder.flush()
            history = try database.read { db in
                guard let conversation = try ConversationRepository.find(id, principal: caller.actorID,
                                                                         in: caller.org, on: db) else {
                    throw HTTPError(.notFound, code: "not_found", message: "Conversation \(id) was not found.",
                                    details: ["field": "conversation_id"])
                }
                // A conversation stays over the knowledge bases it started with: earlier answers quote them, and a
                // follow-up over others would be read (and answered) in the light of text it cannot cite.
                let started = Set((JSONParser.parse(conversation.kbIDs)?.arrayValue ?? []).compactMap(\.stringValue))
                guard started == Set(request.knowledgeBaseIDs) else {
                    throw HTTPError(.badRequest, code: "conversation_kb_mismatch",
                                    message: "Conversation \(id) is over other knowledge bases; send the same kb_id/kb_ids "
                                        + "or start a new conversation.", details: ["field": "conversation_id"])
                }
                return try QueryRepository.turns(of: id, in: caller.org, limit: Self.historyTurns, answeredOnly: true,
                                                 on: db)
            }
        } else if request.generate {
            conversationID = RecordID.makeOrdered(prefix: "conv_", milliseconds: startedAt)
            starts = true
        }
        let queryID = RecordID.makeOrdered(prefix: "q_", milliseconds: startedAt)
        // The extractive generator uses no prompt: only one the request names is checked (a typo is a 404).
        let remote = generation.provider != "extractive"
        let prompt = (request.generate && remote) || request.prompt != nil
            ? try prompts.choose(reference: request.prompt, configured: remote ? generation.prompt : "", org: caller.org,
                                 seed: conversationID ?? queryID)
            : nil

        var plan = Plan(
            request: request, caller: caller, requestID: requestID, knowledgeBases: knowledgeBases,
            generations: generations, configs: configs,
            filter: filter, options: request.options(over: first.retrieval), generation: generation, hyde: hyde,
            compression: request.compression ?? first.retrieval.compression,
            parentDocument: request.parentDocument ?? first.retrieval.parentDocument,
            selfQuery: request.selfQuery ?? first.retrieval.selfQuery, conversationID: conversationID,
            startsConversation: starts, history: history, standalone: request.text,
            prompt: remote ? prompt : nil, cacheScope: nil, queryID: queryID,
            traceID: RecordID.makeOrdered(prefix: "tr_", milliseconds: startedAt), trace: trace)
        if !history.isEmpty { try condense(&plan) }
        if plan.selfQuery { try applySelfQuery(&plan) }
        if request.cache && cache.settings.enabled && history.isEmpty {
            plan.cacheScope = Self.cacheScope(plan, generations: generations)
        }
        return plan
    }

    /// Self-query: filters read out of the question (dates, people, documents, other metadata values the knowledge
    /// bases hold) join the request's own — which win on the same key — and retrieval searches the question without
    /// the words that became filters.
    func applySelfQuery(_ plan: inout Plan) throws {
        let start = MonotonicClock.now
        let vocabulary = try self.vocabulary(plan)
        let extraction = SelfQuery.extract(plan.standalone, vocabulary: vocabulary)
        var attributes: [(key: String, value: JSONValue)] = [("conditions", .number(Double(extraction.conditions.count)))]
        if let extracted = extraction.filters.members, !extracted.isEmpty {
            let given = plan.filter.json.members ?? []
            let merged = given + extracted.filter { key, _ in !given.contains { $0.key == key } }
            do {
                plan.filter = try SearchFilter.parse(.object(merged), time: Self.time)
                if !extraction.query.trimmingWhitespace.isEmpty { plan.standalone = extraction.query }
                attributes.append(("filters", .object(extracted)))
            } catch {
                // An extracted filter the filter language refuses is a bug in the rules, not the caller's fault:
                // search without it.
                attributes.append(("rejected", .string("\(error.field): \(error.reason)")))
            }
        }
        plan.trace.add("self_query", from: start, attributes)
    }

    /// The self-query vocabulary of the plan's knowledge bases, built once per generation and day.
    private func vocabulary(_ plan: Plan) throws -> SelfQuery.Vocabulary {
        let today = SelfQuery.Day(unixMilliseconds: now())
        let key = "\(plan.caller.org.rawValue)|\(today)|"
            + zip(plan.knowledgeBases, plan.generations).map { "\($0.id)#\($1)" }.sorted().joined(separator: ",")
        if let cached = vocabularies.withLock({ $0[key] }) { return cached }
        let ids = plan.knowledgeBases.map(\.id)
        let found = try database.read {
            try DocumentRepository.vocabulary(of: ids, in: plan.caller.org, limit: 5_000, on: $0)
        }
        let dateKey = ["date", "published", "year", "published_at", "created"].first { found.values[$0] != nil }
        let vocabulary = SelfQuery.Vocabulary(
            documents: found.documents.map { .init(id: $0.id, title: $0.title, filename: $0.filename) },
            fields: found.values.filter { $0.key != dateKey }.sorted { $0.key < $1.key }
                .map { SelfQuery.Vocabulary.Field(key: $0.key, values: $0.value) },
            dateKey: dateKey,
            dateValues: dateKey.map { found.numericKeys.contains($0) } == true ? .year : .isoDate,
            today: today)
        vocabularies.withLock { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[key] = vocabulary
        }
        return vocabulary
    }

    /// Everything besides the question that shapes the answer. Index generations make any change to a knowledge
    /// base's chunks a different scope, so its cached answers are never served again.
    static func cacheScope(_ plan: Plan, generations: [Int64]) -> String {
        var parts: [String] = []
        for (index, kb) in plan.knowledgeBases.enumerated() {
            // The stored config text: any change to it is a new scope (cheaper than serializing the parsed one).
            parts.append("\(kb.id)#\(generations[index])#\(kb.config)")
        }
        let options = plan.options
        parts.append("\(options.mode.rawValue)|\(options.fusion.rawValue)|\(options.alpha)|\(options.rerank.rawValue)|"
                     + "\(options.topK)|\(options.minScore)")
        parts.append(plan.filter.json.serializedText)
        parts.append("g\(plan.request.generate)|h\(plan.hyde)|c\(plan.compression)|p\(plan.parentDocument)|"
                     + "s\(plan.selfQuery)|\(plan.prompt?.label ?? "-")")
        parts.append(plan.caller.org.rawValue)
        return parts.joined(separator: "\n")
    }

    /// The knowledge bases `ids` with their index generations, each visible to `caller`; 404 for any that is not
    /// (whether missing or another tenant's or outside an API key's limits — the answer does not say which).
    func resolve(_ ids: [String], for caller: Caller) throws -> ([KnowledgeBaseRecord], [Int64]) {
        try database.read { db in
            var records: [KnowledgeBaseRecord] = []
            var generations: [Int64] = []
            for id in ids {
                guard caller.canAccess(knowledgeBase: id),
                      let found = try KnowledgeBaseRepository.findWithGeneration(id, in: caller.org, on: db) else {
                    throw HTTPError(.notFound, code: "not_found", message: "Knowledge base \(id) was not found.",
                                    details: ["field": "kb_id"])
                }
                records.append(found.record)
                generations.append(found.generation)
            }
            return (records, generations)
        }
    }

    /// RFC 3339, or a bare date meaning its midnight UTC.
    static func time(_ text: String) -> Int64? {
        Timestamp.parse(text) ?? (text.utf8.count == 10 ? Timestamp.parse(text + "T00:00:00Z") : nil)
    }
}
