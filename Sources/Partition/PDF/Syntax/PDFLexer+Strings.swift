/// String tokens and byte searches.
extension PDFLexer {
    /// A literal string after its `(` (§7.3.4.2): balanced parentheses, backslash escapes, octal codes, line
    /// continuations, and end-of-line markers normalised to LF. An unterminated string ends at the end of the data.
    mutating func literalString() -> [UInt8] {
        var result: [UInt8] = []
        var depth = 1
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case 0x28:
                depth += 1
                result.append(byte)
            case 0x29:
                depth -= 1
                if depth == 0 { return result }
                result.append(byte)
            case 0x0D:
                if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                result.append(0x0A)
            case 0x5C:
                guard position < bytes.count else { return result }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case 0x6E: result.append(0x0A)
                case 0x72: result.append(0x0D)
                case 0x74: result.append(0x09)
                case 0x62: result.append(0x08)
                case 0x66: result.append(0x0C)
                case 0x30...0x37:
                    var value = Int(escaped - 0x30)
                    var count = 1
                    while count < 3, position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x37 {
                        value = value * 8 + Int(bytes[position] - 0x30)
                        position += 1
                        count += 1
                    }
                    result.append(UInt8(truncatingIfNeeded: value))
                case 0x0D:
                    if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                case 0x0A:
                    break
                default:
                    // `\(`, `\)`, `\\` and, per §7.3.4.2, any other escaped character stands for itself.
                    result.append(escaped)
                }
            default:
                result.append(byte)
            }
        }
        return result
    }

    /// A hexadecimal string after its `<` (§7.3.4.3). White space and stray characters are skipped; an odd final digit
    /// is completed with 0.
    mutating func hexString() -> [UInt8] {
        var result: [UInt8] = []
        var high: UInt8?
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == 0x3E { break }
            guard let value = Self.hexValue(byte) else { continue }
            if let pending = high {
                result.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        if let pending = high { result.append(pending << 4) }
        return result
    }

    /// The first offset at or after `start` where `pattern` occurs, before `end`.
    func find(_ pattern: StaticString, from start: Int, to end: Int? = nil) -> Int? {
        Self.find(pattern, in: bytes, from: start, to: end ?? bytes.count)
    }

    /// The first offset in `start..<end` of `bytes` where `pattern` begins.
    static func find(_ pattern: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        let length = pattern.utf8CodeUnitCount
        let needle = pattern.utf8Start
        let first = needle[0]
        var index = max(0, start)
        let last = min(end, bytes.count) - length
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < length, bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == length { return index }
            }
            index += 1
        }
        return nil
    }

    /// The last offset before `end` where `pattern` begins.
    static func findLast(_ pattern: StaticString, in bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        let length = pattern.utf8CodeUnitCount
        let needle = pattern.utf8Start
        var index = min(end, bytes.count) - length
        while index >= 0 {
            var matched = 0
            while matched < length, bytes[index + matched] == needle[matched] { matched += 1 }
            if matched == length { return index }
            index -= 1
        }
        return nil
    }
}
