import Generation
import HTTP
import HTTPClient
import Ingest
import Server
import Synchronization

/// The remote chat models (OpenAI-compatible, Ollama) the query path may call, built from the server's provider
/// settings and shared (each holds a pooled HTTP client and a circuit breaker), with the price table that turns
/// their token counts into cost.
final class LanguageModels: Sendable {
    /// One completion: the text and what it cost.
    struct Completion: Sendable {
        var text: String
        var promptTokens: Int
        var completionTokens: Int
        var model: String
        var costUSD: Double
    }

    private let endpoints: [String: ProviderEndpointSettings]
    let prices: PriceTable
    /// Calls in flight, and the most allowed.
    private let inFlight = Mutex(0)
    let maxConcurrentCalls: Int
    private let models = Mutex<[String: any ChatModel]>([:])
    /// One HTTP client per provider, so every model of a provider shares its connection pool and circuit breaker.
    private let clients = Mutex<[String: HTTPClient]>([:])

    /// `endpoints` by provider name; a provider is available when its settings are given.
    init(endpoints: [String: ProviderEndpointSettings], prices: PriceTable, maxConcurrentCalls: Int = 16) {
        self.endpoints = endpoints
        self.prices = prices
        self.maxConcurrentCalls = maxConcurrentCalls
    }

    /// Whether `provider` is a remote model this server is configured for.
    func isAvailable(_ provider: String) -> Bool { endpoints[provider] != nil }

    /// Tokens of context the provider's models accept.
    func contextTokens(_ provider: String) -> Int { endpoints[provider]?.contextTokens ?? 8_192 }

    /// Completes `system` + `user` with the knowledge base's model; with `onToken`, streams. Provider failures are
    /// 502 (504 for timeouts) naming the provider; a throw from `onToken` (the client left) aborts the call.
    func complete(system: String, user: String, generation: KnowledgeBaseConfig.Generation, maxTokens: Int? = nil,
                  onToken: ((String) throws -> Void)?, isCancelled: @escaping @Sendable () -> Bool) throws -> Completion {
        let model = try chatModel(provider: generation.provider, model: generation.model)
        // A slow provider must not take every worker: past the cap, callers are told to come back.
        guard inFlight.withLock({ count in
            guard count < maxConcurrentCalls else { return false }
            count += 1
            return true
        }) else {
            throw HTTPError(.serviceUnavailable, code: "provider_busy",
                            message: "Too many calls to the \(generation.provider) provider are in flight; retry shortly.",
                            headers: ["Retry-After": "1"], details: ["provider": generation.provider])
        }
        defer { inFlight.withLock { $0 -= 1 } }
        let request = ChatRequest(messages: [ChatMessage(role: "system", content: system),
                                             ChatMessage(role: "user", content: user)],
                                  temperature: generation.temperature, maxTokens: maxTokens ?? generation.maxTokens)
        var clientLeft: (any Error)?
        let relay = onToken.map { forward in
            { (text: String) throws in
                do { try forward(text) } catch {
                    clientLeft = error
                    throw error
                }
            }
        }
        let completion: ChatCompletion
        do {
            completion = try model.complete(request, onToken: relay, isCancelled: isCancelled)
        } catch {
            if let clientLeft { throw clientLeft }
            // Cancelled while waiting for the provider: the client is gone, which is not the provider's failure.
            if isCancelled() { throw StreamCancelled() }
            throw Self.httpError(error)
        }
        return Completion(text: completion.text, promptTokens: completion.promptTokens,
                          completionTokens: completion.completionTokens, model: completion.model,
                          costUSD: prices.cost(provider: generation.provider, model: generation.model,
                                               promptTokens: completion.promptTokens,
                                               completionTokens: completion.completionTokens))
    }

    private func chatModel(provider: String, model: String) throws -> any ChatModel {
        guard let endpoint = endpoints[provider] else {
            throw HTTPError(.serviceUnavailable, code: "generation_unavailable",
                            message: "The \(provider) provider is not configured on this server.",
                            details: ["provider": provider])
        }
        let key = provider + "\u{0}" + model
        if let existing = models.withLock({ $0[key] }) { return existing }
        let settings = ProviderSettings(
            provider: provider, baseURL: endpoint.baseURL, model: model,
            apiKey: endpoint.apiKey.isEmpty ? nil : endpoint.apiKey, connectTimeout: endpoint.connectTimeoutSeconds,
            readTimeout: endpoint.readTimeoutSeconds, maxAttempts: endpoint.maxAttempts,
            caFile: endpoint.caFile.isEmpty ? nil : endpoint.caFile, userAgent: "ragd/\(RagdVersion.current)")
        let client = try client(for: provider, settings)
        let built: any ChatModel
        do { built = try settings.makeChatModel(client: client) } catch { throw Self.httpError(error) }
        return models.withLock { models in
            if let existing = models[key] { return existing }
            models[key] = built
            return built
        }
    }

    private func client(for provider: String, _ settings: ProviderSettings) throws -> HTTPClient {
        try clients.withLock { clients in
            if let client = clients[provider] { return client }
            do {
                let client = try HTTPClient(configuration: settings.clientConfiguration)
                clients[provider] = client
                return client
            } catch {
                throw HTTPError(.serviceUnavailable, code: "generation_unavailable",
                                message: "The \(provider) provider cannot be used: \(error)",
                                details: ["provider": provider])
            }
        }
    }

    /// A provider failure as the API reports it: 504 for timeouts, else 502; the provider is named, the key never.
    static func httpError(_ error: GenerationError) -> HTTPError {
        let status: HTTPStatus = error.isTimeout ? .gatewayTimeout : .badGateway
        return HTTPError(status, code: error.code, message: error.message, details: ["provider": error.provider])
    }
}
