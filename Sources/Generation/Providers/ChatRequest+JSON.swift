import JSON

extension ChatRequest {
    /// `[{role, content}, ...]`: the message list both wire formats share.
    var messagesJSON: JSONValue {
        .array(messages.map { ["role": .string($0.role), "content": .string($0.content)] })
    }
}
