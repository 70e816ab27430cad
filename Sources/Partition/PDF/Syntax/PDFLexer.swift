/// Splits PDF syntax into tokens (PDF 32000-1 §7.2): numbers, strings, names, delimiters and keywords. It reads any
/// byte sequence without failing — damaged input yields odd tokens, never a crash — and works on an unsafe buffer so
/// content streams of hundreds of thousands of operators lex without per-byte overhead. The buffer must outlive the
/// lexer (callers lex inside `withUnsafeBufferPointer`).
struct PDFLexer {
    enum Token {
        case integer(Int)
        case real(Double)
        case string([UInt8])
        case name(String)
        case arrayOpen, arrayClose, dictionaryOpen, dictionaryClose, braceOpen, braceClose
        /// A run of regular characters that is not a number: `obj`, `R`, `true`, an operator. The range locates it.
        case keyword(Range<Int>)
        case eof
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// White-space characters (§7.2.3, table 1).
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    /// Delimiter characters (§7.2.3, table 2).
    @inline(__always)
    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x28, 0x29, 0x3C, 0x3E, 0x5B, 0x5D, 0x7B, 0x7D, 0x2F, 0x25: true
        default: false
        }
    }

    @inline(__always)
    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    /// Skips white space and comments (a comment runs from `%` to the end of the line, §7.2.4).
    mutating func skipWhitespace() {
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isWhitespace(byte) {
                position += 1
            } else if byte == 0x25 {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// The next token.
    mutating func next() -> Token {
        skipWhitespace()
        guard position < bytes.count else { return .eof }
        let byte = bytes[position]
        switch byte {
        case 0x28:
            position += 1
            return .string(literalString())
        case 0x3C:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3C {
                position += 2
                return .dictionaryOpen
            }
            position += 1
            return .string(hexString())
        case 0x3E:
            if position + 1 < bytes.count, bytes[position + 1] == 0x3E {
                position += 2
                return .dictionaryClose
            }
            position += 1
            return .keyword(position - 1..<position)
        case 0x5B: position += 1; return .arrayOpen
        case 0x5D: position += 1; return .arrayClose
        case 0x7B: position += 1; return .braceOpen
        case 0x7D: position += 1; return .braceClose
        case 0x2F:
            position += 1
            return .name(name())
        case 0x29:
            position += 1
            return .keyword(position - 1..<position)
        case 0x30...0x39, 0x2B, 0x2D, 0x2E:
            if let number = number() { return number }
            fallthrough
        default:
            let start = position
            while position < bytes.count, Self.isRegular(bytes[position]) { position += 1 }
            return .keyword(start..<position)
        }
    }

    /// Whether the keyword at `range` spells `word`.
    func keyword(_ range: Range<Int>, is word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for index in 0..<range.count where bytes[range.lowerBound + index] != pointer[index] { return false }
        return true
    }

    /// Up to four keyword bytes packed big-endian into an integer (0 for longer keywords): operators compare as numbers.
    func keywordCode(_ range: Range<Int>) -> UInt32 {
        guard range.count <= 4 else { return 0 }
        var code: UInt32 = 0
        for index in range { code = code << 8 | UInt32(bytes[index]) }
        return code
    }

    /// A number (§7.3.3). Tolerates what writers emit in practice: repeated signs (`--5`), a trailing point (`5.`),
    /// and exponents (`1e-5`, not PDF syntax but produced by some generators). Returns nil when the run is not numeric.
    private mutating func number() -> Token? {
        let start = position
        var negative = false
        while position < bytes.count, bytes[position] == 0x2D || bytes[position] == 0x2B {
            if bytes[position] == 0x2D { negative.toggle() }
            position += 1
        }
        var integerValue = 0
        var value = 0.0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x30, byte <= 0x39 {
                let digit = Int(byte - 0x30)
                if digits < 18 { integerValue = integerValue * 10 + digit }
                value = value * 10 + Double(digit)
                digits += 1
                if sawPoint { fractionDigits += 1 }
            } else if byte == 0x2E, !sawPoint {
                sawPoint = true
            } else {
                break
            }
            position += 1
        }
        guard digits > 0 else {
            // A lone sign or point: poppler and pdf.js read it as zero.
            if position > start, position >= bytes.count || !Self.isRegular(bytes[position]) { return .integer(0) }
            position = start
            return nil
        }
        var exponent = 0
        if position + 1 < bytes.count, bytes[position] | 0x20 == 0x65 {
            var cursor = position + 1
            var negativeExponent = false
            if bytes[cursor] == 0x2D || bytes[cursor] == 0x2B {
                negativeExponent = bytes[cursor] == 0x2D
                cursor += 1
            }
            if cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                var magnitude = 0
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                    magnitude = min(magnitude * 10 + Int(bytes[cursor] - 0x30), 400)
                    cursor += 1
                }
                exponent = negativeExponent ? -magnitude : magnitude
                position = cursor
            }
        }
        if !sawPoint, exponent == 0, digits <= 18 { return .integer(negative ? -integerValue : integerValue) }
        value *= Self.powerOfTen(exponent - fractionDigits)
        return .real(negative ? -value : value)
    }

    private static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        var remaining = min(abs(exponent), 400)
        var base = 10.0
        while remaining > 0 {
            if remaining & 1 == 1 { result *= base }
            base *= base
            remaining >>= 1
        }
        return exponent < 0 ? 1 / result : result
    }

    /// A name after its slash, with `#xx` escapes decoded (§7.3.5).
    private mutating func name() -> String {
        let start = position
        var hasEscape = false
        while position < bytes.count, Self.isRegular(bytes[position]) {
            if bytes[position] == 0x23 { hasEscape = true }
            position += 1
        }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<position])
        guard hasEscape else { return String(decoding: raw, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = 0
        while index < raw.count {
            if raw[index] == 0x23, index + 2 < raw.count,
               let high = Self.hexValue(raw[index + 1]), let low = Self.hexValue(raw[index + 2]) {
                decoded.append(high << 4 | low)
                index += 3
            } else {
                decoded.append(raw[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x37
        case 0x61...0x66: byte - 0x57
        default: nil
        }
    }
}
