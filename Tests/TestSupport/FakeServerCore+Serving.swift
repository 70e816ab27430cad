#if canImport(Glibc)
import Glibc
#endif
import HTTP
import JSON

extension FakeServerCore {
    /// Serves one connection until the client closes it, a behaviour closes it, or the server stops.
    func serve(fd: Int32, number: Int) {
        defer {
            state.withLock { _ = $0.openDescriptors.remove(fd) }
            close(fd)
        }
        // A failed TLS handshake (the client rejected the certificate) ends the connection.
        guard let connection = FakeConnection(fd: fd, context: tlsContext) else { return }
        var parser = HTTPRequestParser()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !isStopped {
            guard let (request, keepAlive) = readRequest(from: connection, parser: &parser, buffer: &buffer,
                                                         number: number) else { return }
            let behaviour: FakeProviderServer.Behaviour = state.withLock { state in
                state.requests.append(request)
                return state.queue.isEmpty ? .reply() : state.queue.removeFirst()
            }
            guard respond(to: request, with: behaviour, on: connection), keepAlive else { return }
        }
    }

    private func readRequest(from connection: FakeConnection, parser: inout HTTPRequestParser, buffer: inout [UInt8],
                             number: Int) -> (FakeProviderServer.RecordedRequest, Bool)? {
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        while true {
            while let event = parser.next() {
                switch event {
                case .head(let parsed): head = parsed
                case .body(let piece): body += piece
                case .end:
                    guard let head else { return nil }
                    let request = FakeProviderServer.RecordedRequest(
                        method: head.method.description, path: String(head.path), headers: head.headers, body: body,
                        json: JSONParser.parse(body), connection: number)
                    return (request, head.keepAlive)
                case .error: return nil
                }
            }
            let count = connection.read(into: &buffer)
            guard count > 0 else { return nil }
            parser.append(contentsOf: buffer[0..<count])
        }
    }

    /// Answers one request; false when the connection must close afterwards.
    private func respond(to request: FakeProviderServer.RecordedRequest, with behaviour: FakeProviderServer.Behaviour,
                         on connection: FakeConnection) -> Bool {
        let route = FakeRoute(request: request)
        switch behaviour {
        case .closeIdleConnection:
            return false
        case .status(let code, let retryAfter):
            // Like real providers, the message quotes the credential it got (tests check that ragd never repeats it).
            let credential = request.header("authorization").map { " (credential: \($0))" } ?? ""
            let body: JSONValue = ["error": ["message": .string("fake status \(code)\(credential)"), "type": "fake_error"]]
            let extra = retryAfter.map { "Retry-After: \($0)\r\n" } ?? ""
            return FakeResponses.send(connection, status: code, body: body.serialized(), extraHeaders: extra)
        case .malformedJSON:
            let broken = "{\"choices\": [{\"message\": "
            guard route.streams else { return FakeResponses.send(connection, status: 200, body: Array(broken.utf8)) }
            let line = route.isOllama ? broken + "\n" : "data: \(broken)\n\n"
            return FakeResponses.startStream(connection, ollama: route.isOllama) && connection.write(FakeResponses.chunk(line))
                && connection.write(FakeResponses.lastChunk)
        case .disconnect:
            if route.streams {
                let answer = FakeAnswer(text: FakeProviderServer.defaultReply)
                _ = stream(answer, for: route, on: connection, stopAfter: 2)
            } else {
                _ = connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                                     + "{\"choices\": [{\"index\": 0")
            }
            return false
        case .slow(let seconds):
            var answer = FakeAnswer(text: FakeProviderServer.defaultReply)
            if route.streams { answer.pieceDelay = seconds } else { pause(seconds) }
            return reply(answer, for: route, on: connection)
        case .reply(let text, let promptTokens, let completionTokens, let includeUsage):
            let answer = FakeAnswer(text: text, promptTokens: promptTokens, completionTokens: completionTokens,
                                    includeUsage: includeUsage)
            return reply(answer, for: route, on: connection)
        }
    }

    private func reply(_ answer: FakeAnswer, for route: FakeRoute, on connection: FakeConnection) -> Bool {
        switch route.kind {
        case .openAIChat, .ollamaChat:
            if route.streams { return stream(answer, for: route, on: connection, stopAfter: nil) }
            return FakeResponses.send(connection, status: 200, body: route.completion(answer).serialized())
        case .openAIEmbeddings, .ollamaEmbed:
            return FakeResponses.send(connection, status: 200,
                                      body: route.embeddings(dimensions: embeddingDimensions).serialized())
        case .echo:
            return FakeResponses.send(connection, status: 200, body: route.request.body, contentType: "application/octet-stream")
        case .unknown:
            let body: JSONValue = ["error": ["message": .string("no route \(route.request.path)")]]
            return FakeResponses.send(connection, status: 404, body: body.serialized())
        }
    }

    /// Streams an answer piece by piece (SSE or NDJSON); with `stopAfter`, only that many pieces and no end.
    /// False when the client went away before the end, which is counted as an abandoned stream.
    private func stream(_ answer: FakeAnswer, for route: FakeRoute, on connection: FakeConnection,
                        stopAfter: Int?) -> Bool {
        guard FakeResponses.startStream(connection, ollama: route.isOllama) else { return false }
        let events = route.streamEvents(answer)
        for (index, event) in events.body.enumerated() {
            if let stopAfter, index >= stopAfter { return false }
            if answer.pieceDelay > 0 { pause(answer.pieceDelay) }
            guard !connection.peerHasClosed, connection.write(FakeResponses.chunk(event)) else {
                state.withLock { $0.abandonedStreams += 1 }
                return false
            }
        }
        return connection.write(FakeResponses.chunk(events.tail.joined()) + FakeResponses.lastChunk)
    }
}

/// One answer's content.
struct FakeAnswer {
    var text: String
    var promptTokens = 11
    var completionTokens: Int?
    var includeUsage = true
    var pieceDelay = 0.0

    var pieces: [String] { FakeProviderServer.pieces(of: text) }
    var completionCount: Int { completionTokens ?? pieces.count }
}

/// Raw response writing.
enum FakeResponses {
    static let lastChunk = Array("0\r\n\r\n".utf8)

    static func send(_ connection: FakeConnection, status: Int, body: [UInt8], extraHeaders: String = "",
                     contentType: String = "application/json") -> Bool {
        let head = "HTTP/1.1 \(status) \(HTTPStatus(status).reasonPhrase)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\n\(extraHeaders)\r\n"
        return connection.write(Array(head.utf8) + body)
    }

    static func startStream(_ connection: FakeConnection, ollama: Bool) -> Bool {
        let type = ollama ? "application/x-ndjson" : "text/event-stream"
        return connection.write("HTTP/1.1 200 OK\r\nContent-Type: \(type)\r\nTransfer-Encoding: chunked\r\n\r\n")
    }

    static func chunk(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [0x0D, 0x0A]
    }
}
