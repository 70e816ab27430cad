import HTTP
import Testing

@Suite("Response serializer")
struct ResponseSerializerTests {
    let date = Array("Sat, 21 Nov 2026 05:00:00 GMT".utf8)

    private func head(_ status: HTTPStatus, _ headers: HTTPHeaders, _ framing: HTTPResponseFraming,
                      keepAlive: Bool = true, version: HTTPVersion = .http1_1) -> String {
        var out: [UInt8] = []
        HTTPResponseSerializer.writeHead(status: status, headers: headers, framing: framing, keepAlive: keepAlive,
                                         requestVersion: version, date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func fixedLengthHead() {
        #expect(head(.ok, ["Content-Type": "application/json"], .contentLength(15))
            == "HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 05:00:00 GMT\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n")
    }

    @Test func connectionFieldsFollowKeepAliveAndVersion() {
        #expect(head(.notFound, [:], .contentLength(0), keepAlive: false).hasSuffix("Content-Length: 0\r\nConnection: close\r\n\r\n"))
        #expect(head(.ok, [:], .contentLength(1), version: .http1_0).hasSuffix("Connection: keep-alive\r\n\r\n"))
        #expect(head(.ok, [:], .chunked).contains("Transfer-Encoding: chunked\r\n"))
        #expect(!head(.noContent, [:], .none).contains("Content-Length"))
        #expect(head(HTTPStatus(599), [:], .none).hasPrefix("HTTP/1.1 599 Status 599\r\n"))
    }

    @Test func headerValuesCannotSplitTheResponse() {
        let text = head(.ok, ["X-Name": "a\r\nSet-Cookie: evil\u{0}"], .contentLength(0))
        #expect(text.contains("X-Name: a  Set-Cookie: evil \r\n"))
        #expect(!text.contains("\r\nSet-Cookie"))
    }

    @Test func chunks() {
        var out: [UInt8] = []
        HTTPResponseSerializer.writeChunk(Array("hello".utf8), into: &out)
        HTTPResponseSerializer.writeChunk([UInt8](), into: &out)
        HTTPResponseSerializer.writeChunk([UInt8](repeating: 0x61, count: 300), into: &out)
        out += HTTPResponseSerializer.lastChunk
        #expect(String(decoding: out, as: UTF8.self)
            == "5\r\nhello\r\n12c\r\n" + String(repeating: "a", count: 300) + "\r\n0\r\n\r\n")
    }

    @Test(arguments: [0, 7, 10, 99, 100, 12345, Int(Int32.max), Int.max])
    func decimal(value: Int) {
        var out: [UInt8] = []
        HTTPResponseSerializer.appendDecimal(value, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(value))
    }

    @Test func imfFixdate() {
        #expect(String(decoding: HTTPDate.imfFixdate(epochSeconds: 784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: HTTPDate.imfFixdate(epochSeconds: 0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(String(decoding: HTTPDate.imfFixdate(epochSeconds: 951_782_400), as: UTF8.self) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(String(decoding: HTTPDate.imfFixdate(epochSeconds: 1_795_237_199), as: UTF8.self) == "Sat, 21 Nov 2026 04:59:59 GMT")
    }
}
