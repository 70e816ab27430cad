/// One message of a chat conversation.
package struct ChatMessage: Sendable, Equatable {
    /// `system`, `user` or `assistant`.
    package var role: String
    /// The text.
    package var content: String

    package init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// What to ask a chat model.
package struct ChatRequest: Sendable, Equatable {
    /// The conversation, system message first.
    package var messages: [ChatMessage]
    /// Sampling temperature (0 = most deterministic).
    package var temperature: Double
    /// The most tokens the answer may have.
    package var maxTokens: Int

    package init(messages: [ChatMessage], temperature: Double = 0.1, maxTokens: Int = 512) {
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// A model's answer and what it cost.
package struct ChatCompletion: Sendable, Equatable {
    /// The answer text.
    package var text: String
    /// Prompt tokens as the provider counted them (estimated when it did not say).
    package var promptTokens: Int
    /// Answer tokens as the provider counted them (estimated when it did not say).
    package var completionTokens: Int
    /// The model that answered, as the provider names it.
    package var model: String
    /// Why generation stopped (`stop`, `length`, ...), when the provider says.
    package var finishReason: String?

    package init(text: String, promptTokens: Int, completionTokens: Int, model: String, finishReason: String?) {
        self.text = text
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.model = model
        self.finishReason = finishReason
    }
}

/// A remote chat model (OpenAI-compatible or Ollama). Implementations are cheap to share between threads: each call
/// is independent, connections are pooled underneath.
package protocol ChatModel: Sendable {
    /// The provider name (`openai`, `ollama`).
    var provider: String { get }
    /// The model name sent to the provider.
    var model: String { get }
    /// Blocking. With `onToken`, streams (SSE for OpenAI, NDJSON for Ollama) and calls it per text delta; a throw
    /// from onToken aborts the upstream request. `isCancelled` is polled while waiting.
    func complete(_ request: ChatRequest, onToken: ((String) throws -> Void)?,
                  isCancelled: @escaping @Sendable () -> Bool) throws(GenerationError) -> ChatCompletion
}
