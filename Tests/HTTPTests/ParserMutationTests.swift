import HTTP
import TestSupport
import Testing

/// Hostile input: valid requests with random bytes flipped, inserted, deleted or duplicated. Whatever comes out, the
/// parser must not crash, must stay within its limits, and must give the same events however the bytes are split.
@Suite("Parser under mutated input")
struct ParserMutationTests {
    static let seeds: [String] = [
        "GET /v1/documents/doc_1?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n",
        "POST /v1/ingest HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"kb_id\":\"k\"}",
        "POST /u HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4;a=b\r\nwiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n",
    ]

    @Test func mutatedRequestsNeverCrashAndDoNotDependOnSplitting() {
        var generator = SplitMix64(seed: 2026)
        var limits = HTTPLimits()
        limits.maxBodyBytes = 4096
        limits.maxHeaderBytes = 2048
        var errors = 0
        for round in 0..<3000 {
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                case 2: if bytes.count > 1 { bytes.remove(at: position) }
                case 3: bytes.insert(contentsOf: [0x0D, 0x0A, 0x20, 0x3A, 0x30][Int.random(in: 0..<5, using: &generator)...].prefix(2), at: position)
                default: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 40)], at: position)
                }
            }
            let events = ParserHarness.parse(bytes, limits: limits)
            if case .error? = events.last { errors += 1 }
            for event in events {
                if case .body(let body) = event { #expect(body.count <= limits.maxBodyBytes) }
            }
        }
        // The mutations must actually reach the error paths, or this test proves nothing.
        #expect(errors > 1000)
    }
}
