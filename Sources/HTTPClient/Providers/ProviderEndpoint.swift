import HTTP
import JSON

/// One model provider's API root and the client that reaches it, shared by the remote generators and embedders:
/// JSON requests with the bearer key, one circuit breaker per provider and root, errors classified as
/// `ProviderFailure` (with the key scrubbed).
package struct ProviderEndpoint: Sendable {
    /// `openai` or `ollama`.
    package let provider: String
    /// The API root; request paths are appended to it.
    package let baseURL: HTTPURL
    /// The client (its own, or one shared in to share a pool and breakers).
    package let client: HTTPClient
    private let apiKey: String?

    /// Validates `baseURL` and builds a client with `configuration` unless `client` is given.
    package init(provider: String, baseURL: String, apiKey: String?, configuration: HTTPClient.Configuration,
                 client: HTTPClient? = nil) throws(ProviderFailure) {
        self.provider = provider
        self.apiKey = apiKey
        do throws(HTTPClientError) {
            self.baseURL = try HTTPURL(baseURL)
            if let client {
                self.client = client
            } else {
                self.client = try HTTPClient(configuration: configuration)
            }
        } catch {
            throw ProviderFailure(error, provider: provider, secret: apiKey)
        }
    }

    /// The breaker key: one breaker per provider and API root.
    package var breakerKey: String { "\(provider) \(baseURL)" }

    /// A JSON POST to `path` below the base URL, with the key when there is one.
    package func request(_ path: String, body: JSONValue, accept: String = "application/json") -> HTTPClientRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": accept]
        if let apiKey, !apiKey.isEmpty { headers.add("Authorization", "Bearer \(apiKey)") }
        return HTTPClientRequest(method: .post, url: baseURL.appendingPath(path), headers: headers,
                                 body: body.serialized())
    }

    /// Options for one call: the caller's cancellation check and this provider's breaker.
    package func options(isCancelled: @escaping @Sendable () -> Bool) -> RequestOptions {
        RequestOptions(isCancelled: isCancelled, breakerKey: breakerKey)
    }

    /// POSTs `body` to `path` and returns the parsed JSON answer.
    package func postJSON(_ path: String, body: JSONValue,
                          isCancelled: @escaping @Sendable () -> Bool = { false }) throws(ProviderFailure) -> JSONValue {
        let response: HTTPClientResponse
        do {
            response = try client.send(request(path, body: body), options: options(isCancelled: isCancelled))
        } catch {
            throw failure(error)
        }
        guard let json = response.json else { throw badResponse("the body is not valid JSON") }
        return json
    }

    /// The classified failure for a client error.
    package func failure(_ error: HTTPClientError) -> ProviderFailure {
        ProviderFailure(error, provider: provider, secret: apiKey)
    }

    /// `provider_bad_response` with `detail`.
    package func badResponse(_ detail: String) -> ProviderFailure {
        ProviderFailure.badResponse(provider, detail)
    }
}
