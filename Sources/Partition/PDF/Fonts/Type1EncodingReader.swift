/// The built-in encoding of an embedded Type 1 font program (Adobe Type 1 Font Format §2.3): the clear-text part
/// says either `/Encoding StandardEncoding def` or lists `dup <code> /<glyph> put` entries. Used when a font's
/// dictionary does not name an encoding (PDF 32000-1 §9.6.6.2).
enum Type1EncodingReader {
    static func encoding(in program: [UInt8]) -> [String?]? {
        program.withUnsafeBufferPointer { buffer -> [String?]? in
            // The clear text ends where `eexec` starts the encrypted portion.
            let end = PDFLexer.find("eexec", in: buffer, from: 0, to: buffer.count) ?? buffer.count
            guard let start = PDFLexer.find("/Encoding", in: buffer, from: 0, to: end) else { return nil }
            var lexer = PDFLexer(buffer, position: start + 9)
            if case .keyword(let range) = lexer.next(), lexer.keyword(range, is: "StandardEncoding") {
                return FontEncoding.standard.glyphNames
            }
            var names = [String?](repeating: nil, count: 256)
            var found = false
            var pendingCode: Int?
            while lexer.position < end {
                switch lexer.next() {
                case .integer(let value):
                    pendingCode = value
                case .name(let name):
                    if let code = pendingCode, code >= 0, code < 256, name != ".notdef" {
                        names[code] = name
                        found = true
                    }
                    pendingCode = nil
                case .keyword(let range):
                    if lexer.keyword(range, is: "readonly") || lexer.keyword(range, is: "def") {
                        return found ? names : nil
                    }
                case .eof:
                    return found ? names : nil
                default:
                    pendingCode = nil
                }
            }
            return found ? names : nil
        }
    }
}
