import HTTP
import TestSupport
import Testing

@Suite("Parser pipelining and split input")
struct PipeliningTests {
    @Test func manyRequestsInOneBufferComeOutInOrder() {
        let requests = (0..<20).map { index in
            index % 3 == 0
                ? "POST /r\(index) HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nb\(String(format2: index))"
                : "GET /r\(index) HTTP/1.1\r\nHost: x\r\n\r\n"
        }
        let events = ParserHarness.parse(requests.joined())
        let targets = events.compactMap { event -> String? in
            if case .head(let head) = event { return head.target } else { return nil }
        }
        #expect(targets == (0..<20).map { "/r\($0)" })
        #expect(events.filter { if case .end = $0 { true } else { false } }.count == 20)
        #expect(events.contains(.body(Array("b03".utf8))))
    }

    @Test func chunkedThenLengthThenBodyless() {
        let input = "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "PUT /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nde"
            + "DELETE /c HTTP/1.1\r\nHost: x\r\n\r\n"
        let events = ParserHarness.parse(input)
        #expect(events.map(\.description) == [
            "head(POST /a)", "body(3 bytes)", "end(0 trailers)",
            "head(PUT /b)", "body(2 bytes)", "end(0 trailers)",
            "head(DELETE /c)", "end(0 trailers)",
        ])
    }

    @Test func errorInSecondPipelinedRequestKeepsTheFirst() {
        let events = ParserHarness.parse("GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /bad HTTP/1.1\r\n\r\n")
        #expect(events.map(\.description) == ["head(GET /ok)", "end(0 trailers)", "error(missingHost)"])
    }

    @Test func randomRequestStreamsAgreeAcrossSplits() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<25 {
            var input = ""
            for index in 0..<Int.random(in: 1...6, using: &generator) {
                let size = Int.random(in: 0...300, using: &generator)
                let body = String(repeating: "z", count: size)
                if Bool.random(using: &generator) {
                    input += "POST /\(index) HTTP/1.1\r\nHost: h\r\nContent-Length: \(size)\r\n\r\n\(body)"
                } else {
                    let chunked = size == 0 ? "" : String(size, radix: 16) + "\r\n" + body + "\r\n"
                    input += "POST /\(index) HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\(chunked)0\r\n\r\n"
                }
            }
            let events = ParserHarness.parse(input)
            #expect(!events.contains { if case .error = $0 { true } else { false } })
        }
    }
}

private extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
