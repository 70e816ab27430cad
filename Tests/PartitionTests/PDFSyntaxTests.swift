import Testing
@testable import Partition

/// The lexer and the object parser (PDF 32000-1 §7.2–7.3).
@Suite struct PDFSyntaxTests {
    private func tokens(_ text: String) -> [PDFLexer.Token] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer)
            var result: [PDFLexer.Token] = []
            while true {
                let token = lexer.next()
                if case .eof = token { return result }
                result.append(token)
            }
        }
    }

    private func parse(_ text: String, maxDepth: Int = 256) throws(PartitionError) -> PDFObject? {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(PartitionError) in
            var parser = PDFParser(source: bytes, buffer: buffer, maxDepth: maxDepth)
            return try parser.parseObject()
        }
    }

    @Test func numbersIncludingMalformedOnes() {
        let values = tokens("12 -3 +4 .5 -.25 6. --7 1e-2 123456789012345678901 -").map { token -> Double? in
            switch token {
            case .integer(let value): Double(value)
            case .real(let value): value
            default: nil
            }
        }
        #expect(values[0] == 12)
        #expect(values[1] == -3)
        #expect(values[2] == 4)
        #expect(values[3] == 0.5)
        #expect(values[4] == -0.25)
        #expect(values[5] == 6)
        #expect(values[6] == 7)  // a double sign reads as one
        #expect(abs((values[7] ?? 0) - 0.01) < 1e-12)
        #expect(abs((values[8] ?? 0) - 1.23456789012345678901e20) < 1e6)
        #expect(values[9] == 0)
    }

    @Test func literalStringEscapes() throws {
        let object = try parse(#"(a\(b\)c \n\t\\ \101\7 nested (paren) \"#
            + "\n" + #"joined)"#)
        #expect(object?.string == Array("a(b)c \n\t\\ A\u{07} nested (paren) joined".utf8))
        // Unescaped CR LF inside a string is one LF (§7.3.4.2).
        #expect(try parse("(x\r\ny)")?.string == Array("x\ny".utf8))
        // An unterminated string ends at the end of the data.
        #expect(try parse("(open")?.string == Array("open".utf8))
    }

    @Test func hexStringsNamesAndComments() throws {
        #expect(try parse("<48 65 6C6C 6F7>")?.string == Array("Hello".utf8) + [0x70])
        #expect(try parse("/A#20B%comment\n")?.name == "A B")
        #expect(try parse("% only a comment\n/N")?.name == "N")
    }

    @Test func arraysDictionariesAndReferences() throws {
        let object = try parse("<< /Type /Page /Kids [1 0 R 2 0 R 3] /Count 2 /Empty null /Flag true >>")
        let dictionary = try #require(object?.dictionary)
        #expect(dictionary.name("Type") == "Page")
        #expect(dictionary["Kids"]?.array?.count == 3)
        #expect(dictionary["Kids"]?.array?.first?.reference == PDFReference(number: 1, generation: 0))
        #expect(dictionary["Kids"]?.array?.last?.integer == 3)
        #expect(dictionary["Empty"] == nil)  // a null value is an absent key (§7.3.7)
        if case .bool(true)? = dictionary["Flag"] {} else { Issue.record("expected true") }
    }

    @Test func damagedDictionariesAreTolerated() throws {
        // A non-name key is skipped; a missing `>>` ends at `endobj`.
        let object = try parse("<< 5 /A 1 /B [2 3] endobj")
        #expect(object?.dictionary?["A"]?.integer == 1)
        #expect(object?.dictionary?["B"]?.array?.count == 2)
    }

    @Test func deepNestingFailsWithNestingLimit() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: PartitionError.self) { try parse(deep) }
        do {
            _ = try parse(String(repeating: "<< /A ", count: 10_000))
            Issue.record("expected a nesting error")
        } catch {
            #expect(error.code == "nesting_limit")
        }
        #expect((try? parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))) != nil)
    }

    @Test func streamWithWrongLengthIsCorrected() throws {
        let text = "7 0 obj\n<< /Length 999 >>\nstream\nBT (x) Tj ET\nendstream\nendobj\n"
        let bytes = Array(text.utf8)
        let result = try bytes.withUnsafeBufferPointer { (buffer) throws(PartitionError) in
            var parser = PDFParser(source: bytes, buffer: buffer, maxDepth: 32)
            return try parser.indirectObject()
        }
        let (reference, object) = try #require(result)
        #expect(reference == PDFReference(number: 7, generation: 0))
        #expect(object.stream.map { Array($0.data) } == Array("BT (x) Tj ET".utf8))
    }

    @Test func keywordCodesPackOperators() {
        let bytes = Array("Tj TJ BDC".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer)
            var codes: [UInt32] = []
            while case .keyword(let range) = lexer.next() { codes.append(lexer.keywordCode(range)) }
            #expect(codes == [0x546A, 0x544A, 0x424443])
        }
    }
}
