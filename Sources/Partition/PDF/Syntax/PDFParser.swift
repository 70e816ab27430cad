/// Builds objects from tokens (PDF 32000-1 §7.3): arrays, dictionaries, indirect references and streams, with the
/// nesting depth bounded so a file of 10,000 nested brackets fails cleanly instead of exhausting the stack. Damage is
/// tolerated the way mature readers tolerate it: a dictionary key that is not a name is skipped, a missing `>>` ends
/// the dictionary at the next keyword, a wrong stream `/Length` is corrected by searching for `endstream`.
struct PDFParser {
    var lexer: PDFLexer
    /// The bytes the lexer reads; stream data is sliced from it without copying.
    let source: [UInt8]
    let maxDepth: Int
    /// Resolves an indirect `/Length` of a stream (§7.3.8.2); nil when unknown.
    var resolveLength: (PDFReference) -> Int? = { _ in nil }

    init(source: [UInt8], buffer: UnsafeBufferPointer<UInt8>, position: Int = 0, maxDepth: Int) {
        self.source = source
        self.lexer = PDFLexer(buffer, position: position)
        self.maxDepth = maxDepth
    }

    /// The next object; `nil` at the end of the data or at a keyword that is not a value (`endobj`, an operator).
    mutating func parseObject(depth: Int = 0) throws(PartitionError) -> PDFObject? {
        let token = lexer.next()
        return try value(of: token, depth: depth)
    }

    /// The object a token starts, or nil for the end of data and for non-value keywords (the lexer then sits after it).
    mutating func value(of token: PDFLexer.Token, depth: Int) throws(PartitionError) -> PDFObject? {
        switch token {
        case .integer(let number):
            return referenceOrInteger(number)
        case .real(let value): return .real(value)
        case .string(let bytes): return .string(bytes)
        case .name(let name): return .name(name)
        case .arrayOpen: return try array(depth: depth + 1)
        case .dictionaryOpen: return try dictionary(depth: depth + 1)
        case .keyword(let range):
            if lexer.keyword(range, is: "null") { return .null }
            if lexer.keyword(range, is: "true") { return .bool(true) }
            if lexer.keyword(range, is: "false") { return .bool(false) }
            return nil
        case .braceOpen:
            // A PostScript calculator function body (§7.10.5) is not a value we use: skip it as a whole.
            skipBraces()
            return .null
        case .arrayClose, .dictionaryClose, .braceClose, .eof:
            return nil
        }
    }

    /// `N G R` when the two following tokens are a generation and `R`, otherwise the plain integer (§7.3.10).
    private mutating func referenceOrInteger(_ number: Int) -> PDFObject {
        let saved = lexer.position
        if case .integer(let generation) = lexer.next(), case .keyword(let range) = lexer.next(),
           lexer.keyword(range, is: "R"), number >= 0, generation >= 0 {
            return .reference(PDFReference(number: number, generation: generation))
        }
        lexer.position = saved
        return .integer(number)
    }

    private mutating func array(depth: Int) throws(PartitionError) -> PDFObject {
        guard depth <= maxDepth else { throw .nestingLimit("arrays and dictionaries deeper than \(maxDepth)") }
        var items: [PDFObject] = []
        while true {
            let before = lexer.position
            let token = lexer.next()
            switch token {
            case .arrayClose, .eof:
                return .array(items)
            case .dictionaryClose:
                continue
            case .keyword(let range) where isStructuralKeyword(range):
                lexer.position = before
                return .array(items)
            default:
                if let item = try value(of: token, depth: depth) { items.append(item) }
            }
        }
    }

    private mutating func dictionary(depth: Int) throws(PartitionError) -> PDFObject {
        guard depth <= maxDepth else { throw .nestingLimit("arrays and dictionaries deeper than \(maxDepth)") }
        var result = PDFDictionary()
        while true {
            let before = lexer.position
            let token = lexer.next()
            switch token {
            case .dictionaryClose, .eof:
                return .dictionary(result)
            case .name(let key):
                let valueStart = lexer.position
                let valueToken = lexer.next()
                if case .dictionaryClose = valueToken { return .dictionary(result) }
                if case .name(let other) = valueToken {
                    result[key] = .name(other)
                    continue
                }
                if case .keyword(let range) = valueToken, isStructuralKeyword(range) {
                    lexer.position = valueStart
                    return .dictionary(result)
                }
                // A key whose value is `null` is the same as an absent key (§7.3.7).
                if let item = try value(of: valueToken, depth: depth), !item.isNull { result[key] = item }
            case .keyword(let range) where isStructuralKeyword(range):
                lexer.position = before
                return .dictionary(result)
            case .arrayOpen, .dictionaryOpen:
                _ = try value(of: token, depth: depth)
            default:
                continue
            }
        }
    }

    /// Keywords that can only end an object: a dictionary or array missing its closing bracket stops before them.
    private func isStructuralKeyword(_ range: Range<Int>) -> Bool {
        lexer.keyword(range, is: "endobj") || lexer.keyword(range, is: "stream") || lexer.keyword(range, is: "obj")
            || lexer.keyword(range, is: "endstream") || lexer.keyword(range, is: "xref")
            || lexer.keyword(range, is: "trailer")
    }

    private mutating func skipBraces() {
        var depth = 1
        while depth > 0 {
            switch lexer.next() {
            case .braceOpen: depth += 1
            case .braceClose: depth -= 1
            case .eof: return
            default: continue
            }
        }
    }
}
