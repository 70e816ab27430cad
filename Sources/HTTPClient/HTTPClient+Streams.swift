import HTTP

extension HTTPClient {
    /// Streams a text/event-stream response: `onEvent` sees each event as soon as its blank line arrives.
    package func streamEvents(_ request: HTTPClientRequest, options: RequestOptions = RequestOptions(),
                              onEvent: (ServerSentEvent) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        var parser = ServerSentEventParser()
        return try stream(request, options: options) { bytes in
            for event in try parser.feed(bytes) { try onEvent(event) }
        }
    }

    /// Streams a newline-delimited response (NDJSON): `onLine` sees each non-empty line, the last one even without
    /// its line end.
    package func streamLines(_ request: HTTPClientRequest, options: RequestOptions = RequestOptions(),
                             onLine: ([UInt8]) throws -> Void) throws(HTTPClientError) -> HTTPResponseHead {
        var splitter = LineSplitter()
        let head = try stream(request, options: options) { bytes in
            for line in try splitter.feed(bytes) where !line.isEmpty { try onLine(line) }
        }
        if let last = splitter.finish() {
            do {
                try onLine(last)
            } catch let error as HTTPClientError {
                throw error
            } catch {
                throw HTTPClientError(.consumerFailed, "The response consumer stopped: \(error)")
            }
        }
        return head
    }
}
