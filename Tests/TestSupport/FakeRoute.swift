import JSON

/// What a request asked for and how each route renders an answer.
struct FakeRoute {
    enum Kind { case openAIChat, ollamaChat, openAIEmbeddings, ollamaEmbed, echo, unknown }

    let request: FakeProviderServer.RecordedRequest
    let kind: Kind

    init(request: FakeProviderServer.RecordedRequest) {
        self.request = request
        switch request.path {
        case "/v1/chat/completions": kind = .openAIChat
        case "/api/chat": kind = .ollamaChat
        case "/v1/embeddings": kind = .openAIEmbeddings
        case "/api/embed": kind = .ollamaEmbed
        case "/echo": kind = .echo
        default: kind = .unknown
        }
    }

    var isOllama: Bool { kind == .ollamaChat || kind == .ollamaEmbed }

    /// OpenAI streams only when asked; Ollama streams unless told not to.
    var streams: Bool {
        switch kind {
        case .openAIChat: request.json?["stream"] == .bool(true)
        case .ollamaChat: request.json?["stream"] != .bool(false)
        default: false
        }
    }

    var model: JSONValue { request.json?["model"] ?? "fake-model" }

    private var wantsUsageInStream: Bool {
        request.json?["stream_options"]?["include_usage"] == .bool(true)
    }

    /// The non-streamed chat response.
    func completion(_ answer: FakeAnswer) -> JSONValue {
        if kind == .ollamaChat {
            return ["model": model, "created_at": "2026-01-01T00:00:00Z",
                    "message": ["role": "assistant", "content": .string(answer.text)], "done": true,
                    "done_reason": "stop", "prompt_eval_count": .number(Double(answer.promptTokens)),
                    "eval_count": .number(Double(answer.completionCount))]
        }
        var response: JSONValue = [
            "id": "chatcmpl-fake", "object": "chat.completion", "model": model,
            "choices": [["index": 0, "message": ["role": "assistant", "content": .string(answer.text)],
                         "finish_reason": "stop"]],
        ]
        if answer.includeUsage, case .object(var members) = response {
            members.append((key: "usage", value: usage(answer)))
            response = .object(members)
        }
        return response
    }

    /// The streamed chat response: one event per piece (`body`), then whatever ends the stream (`tail`).
    func streamEvents(_ answer: FakeAnswer) -> (body: [String], tail: [String]) {
        if kind == .ollamaChat {
            let body = answer.pieces.map { piece -> String in
                let line: JSONValue = ["model": model, "message": ["role": "assistant", "content": .string(piece)],
                                       "done": false]
                return line.serializedText + "\n"
            }
            let last: JSONValue = ["model": model, "message": ["role": "assistant", "content": ""], "done": true,
                                   "done_reason": "stop", "prompt_eval_count": .number(Double(answer.promptTokens)),
                                   "eval_count": .number(Double(answer.completionCount))]
            return (body, [last.serializedText + "\n"])
        }
        func event(_ value: JSONValue) -> String { "data: \(value.serializedText)\n\n" }
        func chunk(delta: JSONValue, finish: JSONValue) -> JSONValue {
            ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
             "choices": [["index": 0, "delta": delta, "finish_reason": finish]]]
        }
        // Like OpenAI: a first chunk with the role and empty content, comments are allowed, usage comes last.
        var body = [": fake provider stream\n\n" + event(chunk(delta: ["role": "assistant", "content": ""], finish: .null))]
        body += answer.pieces.map { event(chunk(delta: ["content": .string($0)], finish: .null)) }
        var tail = [event(chunk(delta: [:], finish: "stop"))]
        if wantsUsageInStream && answer.includeUsage {
            tail.append(event(["id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": model,
                               "choices": [], "usage": usage(answer)]))
        }
        tail.append("data: [DONE]\n\n")
        return (body, tail)
    }

    private func usage(_ answer: FakeAnswer) -> JSONValue {
        ["prompt_tokens": .number(Double(answer.promptTokens)),
         "completion_tokens": .number(Double(answer.completionCount)),
         "total_tokens": .number(Double(answer.promptTokens + answer.completionCount))]
    }

    /// The texts to embed (`input` as an array or a single string).
    var inputs: [String] {
        switch request.json?["input"] {
        case .string(let text): [text]
        case .array(let values): values.compactMap { if case .string(let text) = $0 { text } else { nil } }
        default: []
        }
    }

    /// The embeddings response; OpenAI's `data` deliberately in reverse order (clients must sort by `index`).
    func embeddings(dimensions: Int) -> JSONValue {
        let vectors = inputs.map { text -> JSONValue in
            .array(FakeProviderServer.vector(for: text, dimensions: dimensions).map { .number(Double($0)) })
        }
        if kind == .ollamaEmbed { return ["model": model, "embeddings": .array(vectors)] }
        let data = vectors.enumerated().reversed().map { index, vector -> JSONValue in
            ["object": "embedding", "index": .number(Double(index)), "embedding": vector]
        }
        let tokens = JSONValue.number(Double(inputs.reduce(0) { $0 + $1.split(separator: " ").count }))
        return ["object": "list", "data": .array(data), "model": model,
                "usage": ["prompt_tokens": tokens, "total_tokens": tokens]]
    }
}
