/// An answer as received — from one response or assembled from streamed pieces — with the provider's token counts
/// when it sent them.
struct CompletionParts {
    var text = ""
    var promptTokens: Int?
    var completionTokens: Int?
    var model: String?
    var finishReason: String?
    /// Whether the provider marked the end (`[DONE]`, `done: true`).
    var finished = false

    /// The completion for `request`. Without usage from the provider the counts are estimated at four UTF-8 bytes per
    /// token (the English average of BPE tokenizers): usage then stays roughly right for accounting instead of zero.
    func completion(for request: ChatRequest, fallbackModel: String) -> ChatCompletion {
        ChatCompletion(
            text: text,
            promptTokens: promptTokens ?? Self.estimateTokens(request.messages.reduce(0) { $0 + $1.content.utf8.count }),
            completionTokens: completionTokens ?? Self.estimateTokens(text.utf8.count),
            model: model ?? fallbackModel, finishReason: finishReason)
    }

    /// ⌈bytes / 4⌉.
    static func estimateTokens(_ bytes: Int) -> Int { (bytes + 3) / 4 }
}
