import Generation
import HTTPClient
import JSON
import Testing
import TestSupport
import Threading

private let secret = "sk-test-secret-123456"

/// Settings for `provider` against the fake server, with test-sized timeouts and near-instant backoff.
private func settings(_ server: FakeProviderServer, _ provider: String,
                      _ adjust: (inout ProviderSettings) -> Void = { _ in }) -> ProviderSettings {
    var settings = ProviderSettings(provider: provider, baseURL: server.baseURL + (provider == "openai" ? "/v1" : ""),
                                    model: "test-model", apiKey: secret, connectTimeout: 1, readTimeout: 2,
                                    maxAttempts: 2, retryBaseDelay: 0.005, retryMaxDelay: 0.02)
    adjust(&settings)
    return settings
}

private let question = ChatRequest(messages: [
    ChatMessage(role: "system", content: "Answer from the sources."),
    ChatMessage(role: "user", content: "What is the capital of France?\n[1] Paris is the capital of France."),
], temperature: 0.2, maxTokens: 100)

/// A non-streamed completion of `question`.
private func plain(_ model: any ChatModel) throws(GenerationError) -> ChatCompletion {
    try model.complete(question, onToken: nil, isCancelled: { false })
}

/// The error `body` threw, or nil.
private func failure(_ body: () throws(GenerationError) -> ChatCompletion) -> GenerationError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Remote chat models")
struct ProviderTests {
    @Test(arguments: ["openai", "ollama"])
    func plainCompletion(provider: String) throws {
        let server = try FakeProviderServer()
        server.enqueue(.reply(text: "Paris [1].", promptTokens: 42, completionTokens: 3))
        let model = try settings(server, provider).makeChatModel()
        let completion = try model.complete(question, onToken: nil, isCancelled: { false })
        #expect(completion.text == "Paris [1].")
        #expect(completion.promptTokens == 42)
        #expect(completion.completionTokens == 3)
        #expect(completion.model == "test-model")
        #expect(completion.finishReason == "stop")
        let sent = try #require(server.requests.first)
        #expect(sent.path == (provider == "openai" ? "/v1/chat/completions" : "/api/chat"))
        #expect(sent.header("authorization") == "Bearer \(secret)")
        #expect(sent.json?["model"] == "test-model")
        #expect(sent.json?["stream"] == .bool(false))
        let messages = try #require(sent.json?["messages"]?.arrayValue)
        #expect(messages.map { $0["role"] } == ["system", "user"])
        #expect(messages.last?["content"]?.stringValue?.contains("[1] Paris is the capital of France.") == true)
        if provider == "openai" {
            #expect(sent.json?["temperature"] == .number(0.2))
            #expect(sent.json?["max_tokens"] == 100)
        } else {
            #expect(sent.json?["options"]?["temperature"] == .number(0.2))
            #expect(sent.json?["options"]?["num_predict"] == 100)
        }
    }

    @Test(arguments: ["openai", "ollama"])
    func streamingCallsBackPerToken(provider: String) throws {
        let server = try FakeProviderServer()
        let text = "Paris is the capital [1] and its largest city."
        server.enqueue(.reply(text: text, promptTokens: 30, completionTokens: 12))
        let model = try settings(server, provider).makeChatModel()
        var tokens: [String] = []
        let completion = try model.complete(question, onToken: { tokens.append($0) }, isCancelled: { false })
        #expect(tokens == FakeProviderServer.pieces(of: text))
        #expect(tokens.joined() == completion.text)
        #expect(completion.text == text)
        #expect(completion.promptTokens == 30)
        #expect(completion.completionTokens == 12)
        #expect(completion.finishReason == "stop")
        let sent = try #require(server.requests.first)
        #expect(sent.json?["stream"] == .bool(true))
        if provider == "openai" {
            #expect(sent.json?["stream_options"]?["include_usage"] == .bool(true))
            #expect(sent.header("accept") == "text/event-stream")
        }
    }

    @Test func streamedUsageIsEstimatedWhenTheProviderSendsNone() throws {
        let server = try FakeProviderServer()
        server.enqueue(.reply(text: "Twelve bytes", includeUsage: false))
        let model = try settings(server, "openai").makeChatModel()
        let completion = try model.complete(question, onToken: { _ in }, isCancelled: { false })
        #expect(completion.completionTokens == 3, "⌈12 bytes / 4⌉")
        let promptBytes = question.messages.reduce(0) { $0 + $1.content.utf8.count }
        #expect(completion.promptTokens == (promptBytes + 3) / 4)
    }

    @Test(arguments: [("openai", false), ("openai", true), ("ollama", false), ("ollama", true)])
    func malformedJSONIsABadResponse(provider: String, streaming: Bool) throws {
        let server = try FakeProviderServer()
        server.enqueue(.malformedJSON)
        let model = try settings(server, provider).makeChatModel()
        let error = failure { () throws(GenerationError) in
            try model.complete(question, onToken: streaming ? { _ in } : nil, isCancelled: { false })
        }
        #expect(error?.code == "provider_bad_response")
        #expect(error?.provider == provider)
        #expect(server.requests.count == 1, "a bad response is not retried")
    }

    @Test(arguments: [401, 403])
    func aRejectedKeyIsAProviderErrorThatNeverShowsTheKey(status: Int) throws {
        let server = try FakeProviderServer()
        server.enqueue(.status(status))
        let model = try settings(server, "openai").makeChatModel()
        let error = try #require(failure { () throws(GenerationError) in
            try model.complete(question, onToken: nil, isCancelled: { false })
        })
        #expect(error.code == "provider_error")
        #expect(error.message.contains("API key"))
        #expect(!error.message.contains(secret))
        #expect(!error.description.contains(secret))
    }

    @Test func otherClientErrorsQuoteTheProviderWithoutTheKey() throws {
        let server = try FakeProviderServer()
        server.enqueue(.status(400))
        let model = try settings(server, "openai").makeChatModel()
        let error = try #require(failure { () throws(GenerationError) in
            try model.complete(question, onToken: nil, isCancelled: { false })
        })
        #expect(error.code == "provider_error")
        #expect(error.message.contains("fake status 400"))
        #expect(!error.message.contains(secret))
    }

    @Test(arguments: ["openai", "ollama"])
    func aThrowFromOnTokenAbortsTheUpstreamRequest(provider: String) throws {
        struct ClientGone: Error {}
        let server = try FakeProviderServer()
        server.enqueue(.slow(seconds: 0.05))
        let model = try settings(server, provider).makeChatModel()
        var tokens = 0
        let error = failure { () throws(GenerationError) in
            try model.complete(question, onToken: { _ in
                tokens += 1
                throw ClientGone()
            }, isCancelled: { false })
        }
        #expect(error?.code == "cancelled")
        #expect(tokens == 1)
        #expect(eventually(2) { server.abandonedStreams == 1 }, "the server saw the disconnect")
        #expect(server.requests.count == 1)
    }

    @Test func theBreakerOpensAfterRepeatedFailures() throws {
        let server = try FakeProviderServer()
        server.enqueue(.status(500), .status(500))
        let model = try settings(server, "openai") {
            $0.maxAttempts = 1
            $0.breakerFailureThreshold = 2
        }.makeChatModel()
        for _ in 0..<2 {
            let error = failure { () throws(GenerationError) in try plain(model) }
            #expect(error?.code == "provider_error")
        }
        let error = failure { () throws(GenerationError) in try plain(model) }
        #expect(error?.code == "provider_unavailable")
        #expect(server.requests.count == 2, "an open breaker fails fast")
    }

    @Test func rateLimitingAfterTheRetriesIsReported() throws {
        let server = try FakeProviderServer()
        server.enqueue(.status(429), .status(429))
        let model = try settings(server, "ollama").makeChatModel()
        let error = failure { () throws(GenerationError) in try plain(model) }
        #expect(error?.code == "provider_rate_limited")
        #expect(server.requests.count == 2)
    }

    @Test func timeoutsRefusalsAndCancellation() throws {
        let server = try FakeProviderServer()
        server.enqueue(.slow(seconds: 1))
        let slow = try settings(server, "openai") {
            $0.readTimeout = 0.2
            $0.maxAttempts = 1
        }.makeChatModel()
        let timeout = failure { () throws(GenerationError) in try plain(slow) }
        #expect(timeout?.code == "provider_timeout")
        #expect(timeout?.isTimeout == true)

        let cancelled = failure { () throws(GenerationError) in
            try slow.complete(question, onToken: { _ in }, isCancelled: { true })
        }
        #expect(cancelled?.code == "cancelled")

        var refused = settings(server, "ollama")
        refused.baseURL = "http://127.0.0.1:1"
        let unreachable = failure { () throws(GenerationError) in
            try refused.makeChatModel().complete(question, onToken: nil, isCancelled: { false })
        }
        #expect(unreachable?.code == "provider_unavailable")
    }

    @Test func settingsAreCheckedWhenTheModelIsMade() throws {
        let server = try FakeProviderServer()
        var unknown = settings(server, "openai")
        unknown.provider = "anthropic"
        #expect(throws: GenerationError.self) { try unknown.makeChatModel() }
        var badURL = settings(server, "openai")
        badURL.baseURL = "localhost:11434"
        do {
            _ = try badURL.makeChatModel()
            Issue.record("a base URL without a scheme was accepted")
        } catch {
            #expect(error.code == "provider_error")
            #expect(error.message.contains("http://"))
        }
        #expect(!settings(server, "openai").description.contains(secret))
    }
}
