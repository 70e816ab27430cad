import HTTP
import Testing

/// A part as the parser reported it, with its data pieces joined.
private struct ParsedPart: Equatable {
    var name: String?
    var filename: String?
    var contentType: String?
    var body: [UInt8]
}

private struct Outcome: Equatable {
    var parts: [ParsedPart] = []
    var ended = false
    var error: MultipartError?
}

/// Feeds `body` in pieces of `pieceSize` bytes, draining events after each, then finishes.
private func parse(_ body: [UInt8], boundary: String = "XyZ", pieceSize: Int = .max,
                   maxHeaderBytes: Int = 16 * 1024, maxParts: Int = 1000) -> Outcome {
    var parser = MultipartParser(boundary: boundary, maxHeaderBytes: maxHeaderBytes, maxParts: maxParts)
    var outcome = Outcome()
    var open = false
    func drain(_ event: MultipartEvent?) -> Bool {
        guard let event else { return false }
        switch event {
        case .part(let head):
            #expect(!open, "a part began before the previous one ended")
            open = true
            outcome.parts.append(ParsedPart(name: head.name, filename: head.filename, contentType: head.contentType, body: []))
        case .data(let bytes):
            #expect(open && !bytes.isEmpty)
            outcome.parts[outcome.parts.count - 1].body += bytes
        case .partEnd:
            #expect(open)
            open = false
        case .end: outcome.ended = true
        case .error(let error): outcome.error = error
        }
        return true
    }
    var offset = 0
    while offset < body.count {
        let end = min(body.count, offset + min(pieceSize, body.count - offset))
        parser.append(body[offset..<end])
        offset = end
        while drain(parser.next()) {}
    }
    _ = drain(parser.finish())
    return outcome
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("Multipart parser")
struct MultipartParserTests {
    static let form = bytes("""
        preamble to ignore\r
        --XyZ\r
        Content-Disposition: form-data; name="kb"\r
        \r
        kb_123\r
        --XyZ\r
        Content-Disposition: form-data; name="file"; filename="notes.md"\r
        Content-Type: text/markdown\r
        \r
        # Title\r
        see --XyZ mid-line, and -\r
        -XyZ\r
        --XyZ--\r
        epilogue to ignore
        """)

    @Test func fieldsAndFiles() {
        let outcome = parse(Self.form)
        #expect(outcome.error == nil)
        #expect(outcome.ended)
        #expect(outcome.parts.count == 2)
        #expect(outcome.parts[0] == ParsedPart(name: "kb", filename: nil, contentType: nil, body: bytes("kb_123")))
        #expect(outcome.parts[1].name == "file")
        #expect(outcome.parts[1].filename == "notes.md")
        #expect(outcome.parts[1].contentType == "text/markdown")
        #expect(outcome.parts[1].body == bytes("# Title\r\nsee --XyZ mid-line, and -\r\n-XyZ"))
    }

    @Test func everySplitPointGivesTheSameParts() {
        let whole = parse(Self.form)
        for size in 1...40 {
            #expect(parse(Self.form, pieceSize: size) == whole, "piece size \(size)")
        }
    }

    @Test func binaryBodiesSurviveIntact() {
        // Bytes that repeatedly almost form the delimiter, plus every byte value.
        var payload: [UInt8] = []
        for round in 0..<200 {
            payload += bytes("\r\n--XyZ").prefix(round % 7)
            payload += (0...255).map { UInt8($0) }.filter { $0 != 0x0D }
        }
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob.bin\"\r\n\r\n")
            + payload + bytes("\r\n--XyZ--")
        for size in [1, 3, 64, 4096, Int.max] {
            let outcome = parse(body, pieceSize: size)
            #expect(outcome.error == nil && outcome.ended)
            #expect(outcome.parts.first?.body == payload, "piece size \(size)")
        }
    }

    @Test func emptyPartsAndTransportPadding() {
        let body = bytes("--XyZ \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ\r\n\r\nraw\r\n--XyZ--")
        let outcome = parse(body)
        #expect(outcome.error == nil && outcome.ended)
        #expect(outcome.parts == [ParsedPart(name: "a", filename: nil, contentType: nil, body: []),
                                  ParsedPart(name: nil, filename: nil, contentType: nil, body: bytes("raw"))])
    }

    @Test func truncatedBodiesAreErrors() {
        #expect(parse(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhalf")).error == .truncated)
        #expect(parse(bytes("--XyZ\r\nContent-Disposition: form-data")).error == .truncated)
        #expect(parse(bytes("no delimiter at all")).error == .truncated)
        #expect(parse([]).error == .truncated)
    }

    @Test func malformedInputsAreErrors() {
        #expect(parse(bytes("--XyZgarbage\r\n\r\n--XyZ--")).error == .invalidDelimiter)
        #expect(parse(bytes("--XyZ\r\nNo colon here\r\n\r\nx\r\n--XyZ--")).error == .invalidHeader)
        #expect(parse(bytes("--XyZ\r\nBad Name: x\r\n\r\nx\r\n--XyZ--")).error == .invalidHeader)
        #expect(parse(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\u{1}\"\r\n\r\nx\r\n--XyZ--")).error == .invalidHeader)
        // A delimiter line must end after the boundary: a longer boundary-like line is the sender's error.
        #expect(parse(bytes("--XyZ\r\n\r\nx\r\n--XyZa\r\n--XyZ--")).error == .invalidDelimiter)
        let bigHeader = bytes("--XyZ\r\nX-Pad: \(String(repeating: "a", count: 2000))\r\n\r\nx\r\n--XyZ--")
        #expect(parse(bigHeader, maxHeaderBytes: 1024).error == .headersTooLarge)
        #expect(parse(bigHeader, pieceSize: 100, maxHeaderBytes: 1024).error == .headersTooLarge)
        let many = bytes(String(repeating: "--XyZ\r\n\r\nx\r\n", count: 5) + "--XyZ--")
        #expect(parse(many, maxParts: 4).error == .tooManyParts)
        #expect(parse(many, maxParts: 5).error == nil)
    }

    @Test func bytesAfterTheClosingDelimiterAreNotKept() {
        var parser = MultipartParser(boundary: "XyZ")
        parser.append(bytes("--XyZ\r\n\r\nbody\r\n--XyZ--\r\n"))
        var events: [MultipartEvent] = []
        while let event = parser.next() { events.append(event) }
        #expect(events.last == .end)
        #expect(parser.isFinished)
        for _ in 0..<64 { parser.append([UInt8](repeating: 0x41, count: 64 * 1024)) }
        #expect(parser.bufferedBytes == 0, "an epilogue of any size costs no memory")
        #expect(parser.next() == nil)
        #expect(parser.finish() == nil)
    }

    @Test func bodiesStreamWithBoundedBuffering() {
        var parser = MultipartParser(boundary: "XyZ")
        parser.append(bytes("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"))
        _ = parser.next()
        var total = 0
        for _ in 0..<256 {
            parser.append([UInt8](repeating: 0x41, count: 64 * 1024))
            while case .data(let piece)? = parser.next() { total += piece.count }
            #expect(parser.bufferedBytes < 16)
        }
        #expect(total > 256 * 64 * 1024 - 16)
    }

    @Test func nothingIsParsedAfterAnError() {
        var parser = MultipartParser(boundary: "XyZ")
        parser.append(bytes("--XyZ\r\nBad Name: x\r\n\r\n"))
        #expect(parser.next() == .error(.invalidHeader))
        parser.append(bytes("x\r\n--XyZ\r\n\r\ny\r\n--XyZ--"))
        #expect(parser.next() == nil)
        #expect(parser.finish() == nil)
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=XyZ", "XyZ"),
        ("Multipart/Form-Data;boundary=\"a b:c\"", "a b:c"),
        ("multipart/form-data; charset=utf-8; BOUNDARY=----WebKitFormBoundary7MA4YWxk", "----WebKitFormBoundary7MA4YWxk"),
    ])
    func boundaryFromContentType(contentType: String, expected: String) {
        #expect(MultipartParser.boundary(fromContentType: contentType) == expected)
    }

    @Test(arguments: [
        "multipart/form-data",
        "multipart/mixed; boundary=XyZ",
        "application/json; boundary=XyZ",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\(String(repeating: "b", count: 71))",
        "multipart/form-data; boundary=a\u{7F}b",
    ])
    func unusableBoundaries(contentType: String) {
        #expect(MultipartParser.boundary(fromContentType: contentType) == nil)
    }

    @Test(arguments: [
        ("form-data; name=\"f\"; filename=\"report.pdf\"", "report.pdf"),
        ("form-data; name=\"f\"; filename=\"C:\\\\Users\\\\me\\\\report.pdf\"", "report.pdf"),
        ("form-data; name=\"f\"; filename=\"../../etc/passwd\"", "passwd"),
        ("form-data; name=\"f\"; filename=\"a\\\"b.txt\"", "a\"b.txt"),
        ("form-data; name=\"f\"; filename=\"x.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt", "été.txt"),
        ("form-data; name=\"f\"; filename*=utf-8''bad%zz", nil),
        ("form-data; name=\"f\"; filename*=UTF-8''ctl%01%7Fname%0D%0A", "ctlname"),
        ("form-data; name=\"f\"; filename=\"..\"", nil),
        ("form-data; name=\"f\"; filename=\"dir/\"", nil),
        ("form-data; name=f; filename=plain.txt", "plain.txt"),
    ] as [(String, String?)])
    func filenames(disposition: String, expected: String?) {
        let body = bytes("--XyZ\r\nContent-Disposition: \(disposition)\r\n\r\nx\r\n--XyZ--")
        let outcome = parse(body)
        #expect(outcome.error == nil)
        #expect(outcome.parts.first?.name == "f")
        #expect(outcome.parts.first?.filename == expected)
    }

    @Test func longFilenamesAreCut() {
        let long = String(repeating: "é", count: 300) + ".txt"
        let body = bytes("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\(long)\"\r\n\r\nx\r\n--XyZ--")
        let filename = parse(body).parts.first?.filename
        #expect(filename != nil)
        #expect((filename?.utf8.count ?? 0) <= 255)
        #expect(filename?.hasPrefix("éé") == true)
    }
}
