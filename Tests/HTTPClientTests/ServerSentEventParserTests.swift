import HTTPClient
import Testing

/// Feeds `text` in the given pieces and returns every event, or the error.
private func events(_ text: String, splits: [Int] = []) -> Result<[ServerSentEvent], HTTPClientError> {
    let bytes = Array(text.utf8)
    var parser = ServerSentEventParser(maxLineBytes: 64)
    var collected: [ServerSentEvent] = []
    var start = 0
    do throws(HTTPClientError) {
        for end in splits.filter({ $0 > 0 && $0 < bytes.count }) + [bytes.count] {
            collected += try parser.feed(bytes[start..<end])
            start = end
        }
        return .success(collected)
    } catch {
        return .failure(error)
    }
}

private func expectEvents(_ text: String, _ expected: [ServerSentEvent],
                          sourceLocation: SourceLocation = #_sourceLocation) {
    #expect((try? events(text).get()) == expected, sourceLocation: sourceLocation)
    let bytes = text.utf8.count
    for split in 1..<max(bytes, 1) {
        #expect((try? events(text, splits: [split]).get()) == expected, "split at \(split)", sourceLocation: sourceLocation)
    }
    #expect((try? events(text, splits: Array(1..<max(bytes, 1))).get()) == expected, "byte by byte",
            sourceLocation: sourceLocation)
}

@Suite("Server-sent events")
struct ServerSentEventParserTests {
    @Test func fieldsAndDispatch() {
        expectEvents("event: delta\ndata: hello\nid: 7\n\ndata: second\n\n", [
            ServerSentEvent(event: "delta", data: "hello", id: "7"),
            ServerSentEvent(event: "message", data: "second", id: "7"),  // the id persists; the type resets
        ])
    }

    @Test func multiLineDataJoinsWithLineFeeds() {
        expectEvents("data: first\ndata:second\ndata:  indented\ndata\n\n",
                     [ServerSentEvent(data: "first\nsecond\n indented\n")])
    }

    @Test func everyLineEndingWorks() {
        let expected = [ServerSentEvent(event: "a", data: "1\n2"), ServerSentEvent(data: "3")]
        expectEvents("event: a\ndata: 1\ndata: 2\n\ndata: 3\n\n", expected)
        expectEvents("event: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: 3\r\n\r\n", expected)
        expectEvents("event: a\rdata: 1\rdata: 2\r\rdata: 3\r\r", expected)
        expectEvents("event: a\r\ndata: 1\rdata: 2\n\r\ndata: 3\r\r\n", expected)
    }

    @Test func commentsAndEmptyEventsDispatchNothing() {
        expectEvents(": keep-alive\n\n: another\nevent: ignored\n\ndata: real\n: inside\n\n",
                     [ServerSentEvent(data: "real")])
    }

    @Test func unterminatedEventAtTheEndIsDropped() {
        expectEvents("data: complete\n\ndata: cut off", [ServerSentEvent(data: "complete")])
    }

    @Test func byteOrderMarkAndNulIdentifiers() {
        expectEvents("\u{FEFF}data: x\nid: a\u{0}b\n\n", [ServerSentEvent(data: "x")])
    }

    @Test func overLongLinesAreErrors() {
        let result = events("data: " + String(repeating: "x", count: 100) + "\n\n")
        #expect(throws: HTTPClientError.self) { try result.get() }
        if case .failure(let error) = result { #expect(error.kind == .protocolError) }
    }

    @Test func lineSplitterKeepsTheUnterminatedLastLine() throws {
        var splitter = LineSplitter()
        let lines = try splitter.feed(Array("{\"a\":1}\n{\"b\":2}\r\n{\"c\"".utf8))
        #expect(lines.map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        #expect(try splitter.feed(Array(":3}".utf8)).isEmpty)
        #expect(splitter.finish().map { String(decoding: $0, as: UTF8.self) } == "{\"c\":3}")
    }
}
