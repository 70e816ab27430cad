import HTTPClient
import JSON

/// The shared `ProviderEndpoint` seen from a chat model: errors as `GenerationError`, and streams run so that a
/// failure inside the stream (a malformed event, a throwing `onToken`) comes out as itself rather than as a generic
/// client error.
struct ChatEndpoint: Sendable {
    let settings: ProviderSettings
    let endpoint: ProviderEndpoint

    init(settings: ProviderSettings, client: HTTPClient?) throws(GenerationError) {
        self.settings = settings
        do throws(ProviderFailure) {
            endpoint = try ProviderEndpoint(provider: settings.provider, baseURL: settings.baseURL,
                                            apiKey: settings.apiKey, configuration: settings.clientConfiguration,
                                            client: client)
        } catch {
            throw GenerationError(error, provider: settings.provider)
        }
    }

    var provider: String { settings.provider }

    /// POSTs `body` and returns the parsed JSON answer.
    func postJSON(_ path: String, body: JSONValue,
                  isCancelled: @escaping @Sendable () -> Bool) throws(GenerationError) -> JSONValue {
        do throws(ProviderFailure) {
            return try endpoint.postJSON(path, body: body, isCancelled: isCancelled)
        } catch {
            throw GenerationError(error, provider: provider)
        }
    }

    /// How a streamed body is split into items.
    enum StreamFormat {
        /// text/event-stream: each event's data.
        case serverSentEvents
        /// Newline-delimited JSON: each line.
        case jsonLines
    }

    /// POSTs `body` and hands each streamed item (an SSE event's data or an NDJSON line) to `onItem`.
    func stream(_ path: String, body: JSONValue, format: StreamFormat, isCancelled: @escaping @Sendable () -> Bool,
                onItem: (String) throws(GenerationError) -> Void) throws(GenerationError) {
        let accept = format == .serverSentEvents ? "text/event-stream" : "application/x-ndjson"
        let request = endpoint.request(path, body: body, accept: accept)
        let options = endpoint.options(isCancelled: isCancelled)
        var failure: GenerationError?
        func handle(_ item: String) throws {
            do throws(GenerationError) {
                try onItem(item)
            } catch {
                failure = error
                throw error
            }
        }
        do {
            switch format {
            case .serverSentEvents: _ = try endpoint.client.streamEvents(request, options: options) { try handle($0.data) }
            case .jsonLines:
                _ = try endpoint.client.streamLines(request, options: options) {
                    try handle(String(decoding: $0, as: UTF8.self))
                }
            }
        } catch {
            throw failure ?? GenerationError(endpoint.failure(error), provider: provider)
        }
    }

    /// `provider_bad_response` with `detail`.
    func badResponse(_ detail: String) -> GenerationError {
        GenerationError(endpoint.badResponse(detail), provider: provider)
    }

    /// `provider_error` for an error the provider reported inside a 2xx answer.
    func reported(_ message: String) -> GenerationError {
        GenerationError(code: ProviderFailure.Kind.error.rawValue, provider: provider,
                        message: "The \(provider) provider failed: \(message)")
    }

    /// Calls the caller's token callback; its throw becomes `cancelled` and aborts the stream.
    func deliver(_ token: String, to onToken: (String) throws -> Void) throws(GenerationError) {
        do {
            try onToken(token)
        } catch {
            throw GenerationError(code: ProviderFailure.Kind.cancelled.rawValue, provider: provider,
                                  message: "The \(provider) stream was stopped by its consumer: \(error).")
        }
    }
}
