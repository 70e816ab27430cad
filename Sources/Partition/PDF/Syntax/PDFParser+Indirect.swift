/// Indirect objects and stream data (PDF 32000-1 §7.3.8, §7.3.10).
extension PDFParser {
    /// Parses `N G obj … endobj` at the lexer's position, including a stream's data; nil when no object header is there.
    mutating func indirectObject() throws(PartitionError) -> (PDFReference, PDFObject)? {
        guard case .integer(let number) = lexer.next(), case .integer(let generation) = lexer.next(),
              case .keyword(let keyword) = lexer.next(), lexer.keyword(keyword, is: "obj"),
              number >= 0, generation >= 0 else { return nil }
        let reference = PDFReference(number: number, generation: generation)
        let object = try parseObject() ?? .null
        if case .dictionary(let dictionary) = object {
            let saved = lexer.position
            if case .keyword(let range) = lexer.next(), lexer.keyword(range, is: "stream") {
                let data = streamData(dictionary)
                return (reference, .stream(PDFStream(dictionary: dictionary, data: data, owner: reference)))
            }
            lexer.position = saved
        }
        return (reference, object)
    }

    /// The raw bytes of a stream whose `stream` keyword was just read. The declared `/Length` is trusted only when
    /// `endstream` follows it; otherwise the data runs to the next `endstream` (or `endobj`), without the end-of-line
    /// marker before it (§7.3.8.1).
    mutating func streamData(_ dictionary: PDFDictionary) -> ArraySlice<UInt8> {
        let bytes = lexer.bytes
        var start = lexer.position
        // The keyword is followed by CRLF or LF; CR alone and stray spaces occur in the wild.
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        if start < bytes.count, bytes[start] == 0x0D { start += 1 }
        if start < bytes.count, bytes[start] == 0x0A { start += 1 }
        var declared: Int?
        switch dictionary["Length"] {
        case .reference(let reference)?: declared = resolveLength(reference)
        case let length?: declared = length.integer
        case nil: declared = nil
        }
        if let length = declared, length >= 0, length <= bytes.count - start {
            var check = PDFLexer(bytes, position: start + length)
            check.skipWhitespace()
            if let found = check.find("endstream", from: check.position, to: check.position + 9),
               found == check.position {
                lexer.position = found + 9
                return source[start..<start + length]
            }
        }
        guard let end = Self.findEnd(in: bytes, from: start) else {
            lexer.position = bytes.count
            return source[start..<bytes.count]
        }
        var dataEnd = end.offset
        if dataEnd > start, bytes[dataEnd - 1] == 0x0A { dataEnd -= 1 }
        if dataEnd > start, bytes[dataEnd - 1] == 0x0D { dataEnd -= 1 }
        lexer.position = end.isEndstream ? end.offset + 9 : end.offset
        return source[start..<dataEnd]
    }

    /// The first `endstream` or `endobj` at or after `start`: stopping at `endobj` keeps a file full of streams without
    /// `endstream` from costing a scan to the end of the file per stream.
    private static func findEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int)
        -> (offset: Int, isEndstream: Bool)? {
        var index = start
        while let found = PDFLexer.find("end", in: bytes, from: index, to: bytes.count) {
            if PDFLexer.find("endstream", in: bytes, from: found, to: found + 9) != nil { return (found, true) }
            if PDFLexer.find("endobj", in: bytes, from: found, to: found + 6) != nil { return (found, false) }
            index = found + 3
        }
        return nil
    }
}
