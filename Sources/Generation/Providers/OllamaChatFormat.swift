import JSON

/// Ollama's chat API: `POST {baseURL}/api/chat` (`baseURL` like `http://localhost:11434`), streamed as
/// newline-delimited JSON ending with a `done: true` line. Ollama reports failures as `{"error": "..."}`, also inside
/// a stream.
struct OllamaChatFormat: ChatWireFormat {
    var path: String { "/api/chat" }
    var streamFormat: ChatEndpoint.StreamFormat { .jsonLines }

    /// `{model, messages, stream, options: {temperature, num_predict}}`; `stream` is always sent because Ollama
    /// streams by default.
    func body(_ request: ChatRequest, model: String, stream: Bool) -> JSONValue {
        [
            "model": .string(model),
            "messages": request.messagesJSON,
            "stream": .bool(stream),
            "options": ["temperature": .number(request.temperature), "num_predict": .number(Double(request.maxTokens))],
        ]
    }

    func answer(_ json: JSONValue, endpoint: ChatEndpoint) throws(GenerationError) -> CompletionParts {
        if let message = json["error"]?.stringValue { throw endpoint.reported(message) }
        var parts = CompletionParts()
        guard json["message"]?["content"]?.stringValue != nil, Self.apply(json, to: &parts) != nil else {
            throw endpoint.badResponse("no message.content")
        }
        return parts
    }

    func add(_ line: String, to streamed: inout CompletionParts,
             endpoint: ChatEndpoint) throws(GenerationError) -> String {
        guard let chunk = JSONParser.parse(line) else { throw endpoint.badResponse("a stream line is not JSON") }
        if let message = chunk["error"]?.stringValue { throw endpoint.reported(message) }
        guard let piece = Self.apply(chunk, to: &streamed) else {
            throw endpoint.badResponse("a stream line has no message")
        }
        return piece
    }

    func checkFinished(_ streamed: CompletionParts, endpoint: ChatEndpoint) throws(GenerationError) {
        guard streamed.finished else { throw endpoint.badResponse("the stream ended without done: true") }
    }

    /// Folds one response object (the whole answer, or one streamed line) into `streamed`; returns its text, or nil
    /// when it has no `message.content` and is not the final `done` line.
    static func apply(_ json: JSONValue, to streamed: inout CompletionParts) -> String? {
        if let model = json["model"]?.stringValue, !model.isEmpty { streamed.model = model }
        let piece = json["message"]?["content"]?.stringValue
        if json["done"] == .bool(true) {
            streamed.finished = true
            streamed.finishReason = json["done_reason"]?.stringValue
            streamed.promptTokens = json["prompt_eval_count"]?.integerValue
            streamed.completionTokens = json["eval_count"]?.integerValue
        } else if piece == nil {
            return nil
        }
        streamed.text += piece ?? ""
        return piece ?? ""
    }
}
