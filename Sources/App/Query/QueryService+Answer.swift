import Chunking
import Crypto
import Generation
import Ingest
import JSON
import Retrieval
import Server
import Threading

extension QueryService {
    /// An answer and what it took.
    struct Generated {
        var answer: Answer
        var usage: Usage
        var citationAccuracy: Double
        /// Who answered: the configured provider, or `extractive` after a fallback.
        var provider: String
    }

    /// The answer from the retrieved chunks, its citations checked against them. A remote model's failure is a
    /// 502/504 naming the provider, or — when the knowledge base says so and nothing was streamed yet — the
    /// extractive answer instead.
    func generate(_ plan: Plan, retrieved: Retrieved, events: ServerSentEvents.EventSink?) throws -> Generated {
        let sources = retrieved.hits.enumerated().map { position, entry in
            Source(marker: position + 1, title: entry.chunk.title, text: entry.chunk.text)
        }
        if plan.remote {
            var streamed = false
            do {
                return try remote(plan, sources: sources, retrieved: retrieved, events: events, streamed: &streamed)
            } catch let error as HTTPError where plan.generation.fallback == "extractive" && !streamed
                && [502, 504].contains(error.status.code) {
                plan.trace.attributes.append(("fallback", [
                    "from": .string(plan.generation.provider), "error": .string(error.code),
                ]))
            }
        }
        let start = MonotonicClock.now
        var answer = extractive.answer(questionTerms: retrieved.queryTokens, sources: sources, analyze: retrieved.terms)
        let check = CitationMarkers.check(answer.text, markers: Set(sources.map(\.marker)))
        answer.text = check.text
        plan.trace.add("generate", from: start, [("provider", "extractive"),
                                                 ("citation_accuracy", .number(check.accuracy))])
        if let events {
            // The extractive answer exists whole at once; it is sent in word-sized pieces so clients have one code
            // path for every generator.
            for piece in Self.pieces(of: answer.text) {
                try events.send(event: "token", data: JSONValue.object([("text", .string(piece))]).serializedText)
            }
        }
        return Generated(answer: answer, usage: Usage(), citationAccuracy: check.accuracy, provider: "extractive")
    }

    /// A remote model's answer: the prompt (template, history, fenced sources within the context budget), the
    /// completion (streamed as tokens when asked), the citation check, and highlights found for what it cited.
    private func remote(_ plan: Plan, sources: [Source], retrieved: Retrieved, events: ServerSentEvents.EventSink?,
                        streamed: inout Bool) throws -> Generated {
        let start = MonotonicClock.now
        let builder = PromptBuilder(contextTokens: models.contextTokens(plan.generation.provider),
                                    answerTokens: plan.generation.maxTokens, countTokens: PromptBuilder.estimateTokens)
        let turns = plan.history.map { PromptBuilder.Turn(question: $0.query, answer: $0.answer ?? "") }
        // Compressed sources carry only their relevant sentences; a source with none is left out of the prompt.
        let offered = retrieved.compressed.map { outputs in
            zip(sources, outputs).compactMap { source, output in
                output.isDropped ? nil : Source(marker: source.marker, title: source.title, text: output.text)
            }
        } ?? sources
        let prompt = builder.build(question: plan.request.text, sources: offered, history: turns,
                                   template: plan.prompt?.template ?? .builtIn,
                                   tag: Hex.encode(SecureRandom.bytes(6)))
        var sent = ""
        // Set on every way out: a failure after tokens went out must not fall back (the client has half an answer).
        defer { streamed = !sent.isEmpty }
        let completion: LanguageModels.Completion
        do {
            completion = try models.complete(
                system: prompt.system, user: prompt.user, generation: plan.generation, onToken: events.map { sink in
                    { text in
                        sent += text
                        try sink.send(event: "token", data: JSONValue.object([("text", .string(text))]).serializedText)
                    }
                }, isCancelled: { events?.isCancelled ?? false })
        } catch {
            // The provider bills what it generated even when the stream was cut: estimate it for the record.
            if !sent.isEmpty {
                let completionTokens = PromptBuilder.estimateTokens(sent[...])
                plan.trace.unbilled = Usage(
                    promptTokens: prompt.tokens, completionTokens: completionTokens,
                    costUSD: models.prices.cost(provider: plan.generation.provider, model: plan.generation.model,
                                                promptTokens: prompt.tokens, completionTokens: completionTokens))
            }
            throw error
        }
        let check = CitationMarkers.check(completion.text, markers: Set(prompt.included))
        let supports = SupportFinder.supports(answer: check.text, sources: sources, analyze: retrieved.terms)
        let answer = Answer(text: check.text, supports: supports, promptTokens: completion.promptTokens,
                            completionTokens: completion.completionTokens, model: completion.model)
        plan.trace.add("generate", from: start, [
            ("provider", .string(plan.generation.provider)), ("model", .string(completion.model)),
            ("prompt", .string(plan.prompt?.label ?? "default")),
            ("prompt_tokens", .number(Double(completion.promptTokens))),
            ("completion_tokens", .number(Double(completion.completionTokens))),
            ("cost_usd", .number(completion.costUSD)),
            ("sources_in_prompt", .number(Double(prompt.included.count))),
            ("source_tokens", .number(Double(prompt.sourceTokens))),
            ("citation_accuracy", .number(check.accuracy)), ("invalid_markers", .number(Double(check.invalid))),
            ("price_known", .bool(models.prices.price(provider: plan.generation.provider,
                                                      model: plan.generation.model) != nil)),
        ])
        return Generated(answer: answer,
                         usage: Usage(promptTokens: completion.promptTokens,
                                      completionTokens: completion.completionTokens, costUSD: completion.costUSD),
                         citationAccuracy: check.accuracy, provider: plan.generation.provider)
    }

    /// Contextual compression: the retrieved chunks' sentences closest to the question (by embedding), under half
    /// their tokens; what a remote model is then given. The extractive generator quotes single sentences already
    /// and answers from the chunks as they are.
    func compress(_ plan: Plan, retrieved: Retrieved) throws -> [ContextCompressor.Output] {
        let start = MonotonicClock.now
        let config = plan.configs[0].embedding
        let embedder = try embedders.embedder(provider: config.provider, model: config.model)
        func embed(_ texts: [String]) throws -> [[Float]] {
            do { return try embedder.embed(texts) } catch {
                throw HTTPError(error.isTransient ? .serviceUnavailable : .badRequest, code: error.code,
                                message: error.message)
            }
        }
        let vector = try retrieved.vector ?? embed([plan.standalone])[0]
        let lexical = Self.questionCoverage(retrieved)
        let outputs = try ContextCompressor().compress(
            queryVector: vector,
            // A prior for the chunks retrieval ranked first (0.3 for the first, then 0.15, 0.1…): of two sentences
            // about as close to the question, the one from the better-ranked chunk is the likelier answer.
            sources: retrieved.hits.enumerated().map {
                .init(marker: $0 + 1, text: $1.chunk.text, prior: Self.compressionPrior / Float($0 + 1))
            },
            sentences: { SentenceSplitter.sentences(in: $0) }, embed: embed,
            countTokens: PromptBuilder.estimateTokens, lexical: lexical)
        let before = outputs.reduce(0) { $0 + $1.tokensBefore }
        let after = outputs.reduce(0) { $0 + $1.tokensAfter }
        plan.trace.add("compress", from: start, [("tokens_before", .number(Double(before))),
                                                 ("tokens_after", .number(Double(after)))])
        return outputs
    }

    static let compressionPrior: Float = 0.3

    /// The share of the question's term weight a sentence contains, terms weighted by their idf over the retrieved
    /// chunks' sentences (as the extractive generator weighs them).
    static func questionCoverage(_ retrieved: Retrieved) -> (Substring) -> Float {
        let question = Set(retrieved.queryTokens)
        guard !question.isEmpty else { return { _ in 0 } }
        let sentences = retrieved.hits.flatMap { entry in
            SentenceSplitter.sentences(in: entry.chunk.text[...]).map { Set(retrieved.terms(entry.chunk.text[$0])) }
        }
        let weights = QuestionWeights(question: question, sentences: sentences)
        return { Float(weights.coverage(of: Set(retrieved.terms($0)))) }
    }
}
