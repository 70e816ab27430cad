import Embedding
import HTTPClient
import JSON
import Testing
import TestSupport

private let secret = "sk-embed-secret-987654"

private func settings(_ server: FakeProviderServer, _ provider: String, batchSize: Int = 64,
                      maxAttempts: Int = 2) -> RemoteEmbeddingSettings {
    RemoteEmbeddingSettings(baseURL: server.baseURL + (provider == "openai" ? "/v1" : ""), apiKey: secret,
                            batchSize: batchSize, connectTimeout: 1, readTimeout: 2, maxAttempts: maxAttempts,
                            retryBaseDelay: 0.005, retryMaxDelay: 0.02)
}

private func makeEmbedder(_ server: FakeProviderServer, _ provider: String, batchSize: Int = 64, maxAttempts: Int = 2,
                          dimensions: Int? = nil) throws -> any Embedder {
    let settings = settings(server, provider, batchSize: batchSize, maxAttempts: maxAttempts)
    if provider == "openai" { return try OpenAIEmbedder(settings: settings, model: "embed-test", dimensions: dimensions) }
    return try OllamaEmbedder(settings: settings, model: "embed-test", dimensions: dimensions)
}

/// The fake server's vector for `text`, normalized as ragd must return it.
private func expected(_ text: String, dimensions: Int = 8) -> [Float] {
    let raw = FakeProviderServer.vector(for: text, dimensions: dimensions)
    let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return raw.map { $0 / norm }
}

private func close(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 }
}

private func failure(_ body: () throws(EmbeddingError) -> [[Float]]) -> EmbeddingError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Remote embedders")
struct RemoteEmbedderTests {
    @Test(arguments: ["openai", "ollama"])
    func vectorsComeBackInInputOrderAndUnitLength(provider: String) throws {
        let server = try FakeProviderServer()
        let embedder = try makeEmbedder(server, provider)
        #expect(embedder.dimensions == 0, "unknown until the first response")
        let texts = ["alpha", "beta gamma", "delta", "alpha"]
        let vectors = try embedder.embed(texts)
        #expect(vectors.count == texts.count)
        for (text, vector) in zip(texts, vectors) {
            #expect(close(vector, expected(text)), "\(text)")
            let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(length - 1) < 1e-5)
        }
        #expect(embedder.dimensions == 8)
        #expect(embedder.model == "embed-test")
        let sent = try #require(server.requests.first)
        #expect(sent.path == (provider == "openai" ? "/v1/embeddings" : "/api/embed"))
        #expect(sent.header("authorization") == "Bearer \(secret)")
        #expect(sent.json?["model"] == "embed-test")
        #expect(sent.json?["input"] == .array(texts.map(JSONValue.string)))
    }

    @Test(arguments: ["openai", "ollama"])
    func largeInputsAreBatched(provider: String) throws {
        let server = try FakeProviderServer()
        let embedder = try makeEmbedder(server, provider, batchSize: 3)
        let texts = (0..<7).map { "text number \($0)" }
        let vectors = try embedder.embed(texts)
        #expect(server.requests.map { $0.json?["input"]?.arrayValue?.count } == [3, 3, 1])
        #expect(zip(texts, vectors).allSatisfy { close($1, expected($0)) })
        #expect(server.connectionCount == 1, "the batches share one keep-alive connection")
        #expect(try embedder.embed([]).isEmpty)
        #expect(server.requests.count == 3, "no request for no texts")
    }

    @Test(arguments: ["openai", "ollama"])
    func failuresMapToEmbeddingErrors(provider: String) throws {
        let server = try FakeProviderServer()
        let embedder = try makeEmbedder(server, provider)
        server.enqueue(.status(503), .status(503))
        let unavailable = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(unavailable?.code == "provider_error")
        #expect(unavailable?.isTransient == true, "5xx may pass")
        #expect(unavailable?.message.contains(secret) == false)

        server.enqueue(.status(429), .status(429))
        let limited = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(limited?.code == "provider_rate_limited")
        #expect(limited?.isTransient == true)

        server.enqueue(.malformedJSON)
        let malformed = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(malformed?.code == "provider_bad_response")
        #expect(malformed?.isTransient == false)

        server.enqueue(.status(401))
        let rejected = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(rejected?.code == "provider_error")
        #expect(rejected?.isTransient == false)
        #expect(rejected?.message.contains("API key") == true)
        #expect(rejected?.message.contains(secret) == false)
    }

    @Test func timeoutsAndAnOpenBreakerAreTransient() throws {
        let server = try FakeProviderServer()
        var slowSettings = settings(server, "openai", maxAttempts: 1)
        slowSettings.readTimeout = 0.2
        slowSettings.breakerFailureThreshold = 1
        let embedder = try OpenAIEmbedder(settings: slowSettings, model: "embed-test")
        server.enqueue(.slow(seconds: 1))
        let timeout = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(timeout?.code == "provider_timeout")
        #expect(timeout?.isTransient == true)
        let open = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(open?.code == "provider_unavailable")
        #expect(open?.isTransient == true)
        #expect(server.requests.count == 1)
    }

    @Test func aVectorOfTheWrongLengthIsABadResponse() throws {
        let server = try FakeProviderServer()
        let embedder = try makeEmbedder(server, "openai", dimensions: 16)
        #expect(embedder.dimensions == 16)
        let error = failure { () throws(EmbeddingError) in try embedder.embed(["x"]) }
        #expect(error?.code == "provider_bad_response")
    }

    @Test func embeddersBuildRemoteProvidersOnlyWhenConfigured() throws {
        let server = try FakeProviderServer()
        let bare = Embedders(settings: Embedders.Settings(modelDirectory: "/nonexistent"))
        do {
            _ = try bare.embedder(provider: "openai", model: "embed-test")
            Issue.record("openai without settings was accepted")
        } catch {
            #expect(error.code == "provider_unavailable")
            #expect(error.message.contains("embedding.openai.base_url"))
        }
        #expect(throws: EmbeddingError.self) { try EmbedderCatalog.validate(provider: "ollama", model: "m") }

        let configured = Embedders(settings: Embedders.Settings(modelDirectory: "/nonexistent",
                                                                openai: settings(server, "openai"),
                                                                ollama: settings(server, "ollama")))
        #expect(configured.remoteProviders == ["openai", "ollama"])
        try configured.validate(provider: "ollama", model: "nomic-embed-text:latest")
        #expect(throws: EmbeddingError.self) { try configured.validate(provider: "openai", model: "") }
        let embedder = try configured.embedder(provider: "openai", model: "embed-test")
        let first = try embedder.embed(["cached text"])
        let again = try configured.embedder(provider: "openai", model: "embed-test").embed(["cached text"])
        #expect(first == again)
        #expect(server.requests.count == 1, "the second call is answered by the embedding cache")
        // Vectors are known by model name across ragd (stored chunks, indexes, this cache), so a model name means the
        // same model whichever provider serves it; a different name goes to its own provider.
        _ = try configured.embedder(provider: "ollama", model: "other-embed-test").embed(["cached text"])
        #expect(server.requests.last?.path == "/api/embed")
        // Two models of one provider share its client: the second reuses the first's kept-alive connection.
        let connections = server.connectionCount
        _ = try configured.embedder(provider: "openai", model: "second-embed-test").embed(["another text"])
        #expect(server.connectionCount == connections, "a second model opened its own connection")
    }
}
