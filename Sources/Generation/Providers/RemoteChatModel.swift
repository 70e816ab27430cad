import HTTPClient
import JSON

/// A chat model behind a remote API: one call posts the provider's request body; without `onToken` the whole answer
/// is read at once, with it the answer streams in and each text delta is handed over as it arrives. What differs
/// between providers — path, body, and how answers and streamed items read — is the `ChatWireFormat`.
package struct RemoteChatModel: ChatModel {
    let endpoint: ChatEndpoint
    let format: any ChatWireFormat

    /// A model for `settings` speaking `format`; `client` shares a pool and breakers.
    init(settings: ProviderSettings, format: any ChatWireFormat, client: HTTPClient?) throws(GenerationError) {
        endpoint = try ChatEndpoint(settings: settings, client: client)
        self.format = format
    }

    package var provider: String { endpoint.settings.provider }
    package var model: String { endpoint.settings.model }

    package func complete(_ request: ChatRequest, onToken: ((String) throws -> Void)?,
                          isCancelled: @escaping @Sendable () -> Bool) throws(GenerationError) -> ChatCompletion {
        let body = format.body(request, model: model, stream: onToken != nil)
        guard let onToken else {
            let json = try endpoint.postJSON(format.path, body: body, isCancelled: isCancelled)
            return try format.answer(json, endpoint: endpoint).completion(for: request, fallbackModel: model)
        }
        var streamed = CompletionParts()
        try endpoint.stream(format.path, body: body, format: format.streamFormat,
                            isCancelled: isCancelled) { item throws(GenerationError) in
            guard !streamed.finished else { return }
            let piece = try format.add(item, to: &streamed, endpoint: endpoint)
            if !piece.isEmpty { try endpoint.deliver(piece, to: onToken) }
        }
        try format.checkFinished(streamed, endpoint: endpoint)
        return streamed.completion(for: request, fallbackModel: model)
    }
}

/// One provider's chat API: where requests go, what they carry, and how an answer reads — whole, or one streamed item
/// at a time. Failures are built through `endpoint`, so they name the provider.
protocol ChatWireFormat: Sendable {
    /// The path below the base URL.
    var path: String { get }
    /// How a streamed answer is split into items.
    var streamFormat: ChatEndpoint.StreamFormat { get }
    /// The request body for `model`; `stream` asks for the answer in pieces.
    func body(_ request: ChatRequest, model: String, stream: Bool) -> JSONValue
    /// The answer in a whole (non-streamed) response.
    func answer(_ json: JSONValue, endpoint: ChatEndpoint) throws(GenerationError) -> CompletionParts
    /// Folds one streamed item into `streamed`; returns its text delta ("" for none).
    func add(_ item: String, to streamed: inout CompletionParts,
             endpoint: ChatEndpoint) throws(GenerationError) -> String
    /// `provider_bad_response` unless the stream reached the end of the answer.
    func checkFinished(_ streamed: CompletionParts, endpoint: ChatEndpoint) throws(GenerationError)
}
