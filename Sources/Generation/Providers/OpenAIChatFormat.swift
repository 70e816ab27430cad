import JSON

/// The chat-completions API of OpenAI and of the servers that copy it (OpenRouter, DeepSeek, vLLM, llama.cpp's
/// server): `POST {baseURL}/chat/completions` (`baseURL` like `https://api.openai.com/v1`), streamed as server-sent
/// events ending with `[DONE]`.
struct OpenAIChatFormat: ChatWireFormat {
    var path: String { "/chat/completions" }
    var streamFormat: ChatEndpoint.StreamFormat { .serverSentEvents }

    /// `{model, messages, temperature, max_tokens, stream[, stream_options]}`; streaming asks for usage in the last
    /// event (`stream_options.include_usage`), which servers that do not know it ignore.
    func body(_ request: ChatRequest, model: String, stream: Bool) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            (key: "model", value: .string(model)),
            (key: "messages", value: request.messagesJSON),
            (key: "temperature", value: .number(request.temperature)),
            (key: "max_tokens", value: .number(Double(request.maxTokens))),
            (key: "stream", value: .bool(stream)),
        ]
        if stream { members.append((key: "stream_options", value: ["include_usage": true])) }
        return .object(members)
    }

    func answer(_ json: JSONValue, endpoint: ChatEndpoint) throws(GenerationError) -> CompletionParts {
        guard let parts = Self.completion(json) else { throw endpoint.badResponse("no choices[0].message.content") }
        return parts
    }

    func add(_ data: String, to streamed: inout CompletionParts,
             endpoint: ChatEndpoint) throws(GenerationError) -> String {
        if data == "[DONE]" {
            streamed.finished = true
            return ""
        }
        guard let chunk = JSONParser.parse(data) else { throw endpoint.badResponse("a stream event is not JSON") }
        if let message = chunk["error"]?["message"]?.stringValue ?? chunk["error"]?.stringValue {
            throw endpoint.reported(message)
        }
        guard let piece = Self.apply(chunk, to: &streamed) else {
            throw endpoint.badResponse("a stream event has no choices or usage")
        }
        return piece
    }

    func checkFinished(_ streamed: CompletionParts, endpoint: ChatEndpoint) throws(GenerationError) {
        guard streamed.finished || streamed.finishReason != nil else {
            throw endpoint.badResponse("the stream ended before the answer did")
        }
    }

    /// The answer in a non-streamed response; nil when it lacks `choices[0].message.content`.
    static func completion(_ json: JSONValue) -> CompletionParts? {
        guard let choice = json["choices"]?.element(0), let message = choice["message"] else { return nil }
        // A refusal or a tool call has null content: an empty answer, not a broken response.
        let text: String
        switch message["content"] {
        case .string(let content): text = content
        case .null: text = ""
        default: return nil
        }
        return CompletionParts(text: text, promptTokens: json["usage"]?["prompt_tokens"]?.integerValue,
                               completionTokens: json["usage"]?["completion_tokens"]?.integerValue,
                               model: json["model"]?.stringValue, finishReason: choice["finish_reason"]?.stringValue,
                               finished: true)
    }

    /// Folds one streamed chunk into `streamed`; returns its text delta ("" for none), or nil when the chunk has
    /// neither choices nor usage.
    static func apply(_ chunk: JSONValue, to streamed: inout CompletionParts) -> String? {
        if let model = chunk["model"]?.stringValue, !model.isEmpty { streamed.model = model }
        var sawSomething = false
        if let usage = chunk["usage"], usage != .null {
            streamed.promptTokens = usage["prompt_tokens"]?.integerValue
            streamed.completionTokens = usage["completion_tokens"]?.integerValue
            sawSomething = true
        }
        guard let choices = chunk["choices"]?.arrayValue else { return sawSomething ? "" : nil }
        guard let choice = choices.first else { return "" }  // the usage-only final chunk has no choices
        if let reason = choice["finish_reason"]?.stringValue { streamed.finishReason = reason }
        let piece = choice["delta"]?["content"]?.stringValue ?? ""
        streamed.text += piece
        return piece
    }
}
