/// A tolerant HTML tokenizer after the HTML standard §13.2.5, reduced to what text extraction needs: start tags
/// (lowercased names, attributes quoted, single-quoted or bare), end tags, and text with character references decoded.
/// Comments, doctypes, processing instructions and bogus markup are skipped; a `<` that starts no tag is text.
/// Raw-text elements (`script`, `style`, …) and escapable raw text (`title`, `textarea`) run to their end tag, as the
/// standard's tokenizer states for them do.
struct HTMLTokenizer {
    /// What the tokenizer produces.
    enum Token: Equatable {
        case startTag(name: String, attributes: [String: String], selfClosing: Bool)
        case endTag(name: String)
        case text(String)
    }

    /// Elements whose content is raw text, not markup (§13.1.2.2); the tokenizer returns it undecoded.
    private static let rawTextElements: Set<String> = [
        "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    ]
    /// Elements whose content is text with character references (§13.1.2.3).
    private static let escapableRawTextElements: Set<String> = ["title", "textarea"]

    private let bytes: [UInt8]
    private var position = 0
    /// Set after a raw-text start tag: everything up to `</name` is text.
    private var rawTextEnd: (name: String, escapable: Bool)?

    /// A tokenizer over UTF-8 bytes.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next token, or nil at the end.
    mutating func next() -> Token? {
        while position < bytes.count {
            if let raw = rawTextEnd {
                rawTextEnd = nil
                if let token = rawText(until: raw.name, escapable: raw.escapable) { return token }
                continue
            }
            guard bytes[position] == UInt8(ascii: "<") else { return text() }
            if let token = markup() { return token }
        }
        return nil
    }

    private mutating func text() -> Token {
        let start = position
        position = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
        return .text(CharacterReferences.decode(bytes[start..<position], dialect: .html))
    }

    /// The markup at `position` (a `<`): a tag token, nil for skipped markup, or a lone "<" as text.
    private mutating func markup() -> Token? {
        let next = position + 1 < bytes.count ? bytes[position + 1] : 0
        if Self.isLetter(next) { return startTag() }
        if next == UInt8(ascii: "/"), position + 2 < bytes.count, Self.isLetter(bytes[position + 2]) {
            position += 2
            let name = readTagName()
            skipPast(UInt8(ascii: ">"))
            return .endTag(name: name)
        }
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
            // Comments end at "-->"; doctypes, processing instructions and bogus comments at the next ">"
            // (§13.2.5.41).
            if bytes[position...].starts(with: "<!--".utf8) {
                let end = Self.index(of: Array("-->".utf8), in: bytes, from: position + 4)
                position = end.map { $0 + 3 } ?? bytes.count
            } else {
                skipPast(UInt8(ascii: ">"))
            }
            return nil
        }
        position += 1
        return .text("<")
    }

    private mutating func startTag() -> Token {
        position += 1
        let name = readTagName()
        var attributes: [String: String] = [:]
        var selfClosing = false
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isSpace(byte) { position += 1; continue }
            if byte == UInt8(ascii: ">") { position += 1; break }
            if byte == UInt8(ascii: "/") { selfClosing = true; position += 1; continue }
            selfClosing = false
            let start = position
            while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
                  bytes[position] != UInt8(ascii: "="), position == start || bytes[position] != UInt8(ascii: "/") {
                position += 1
            }
            let attributeName = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
            while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
            var value = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                position += 1
                while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
                value = readAttributeValue()
            }
            // Duplicate attributes: the first wins (§13.2.5.33).
            if attributes[attributeName] == nil { attributes[attributeName] = value }
        }
        if !selfClosing, Self.rawTextElements.contains(name) {
            rawTextEnd = (name, false)
        } else if !selfClosing, Self.escapableRawTextElements.contains(name) {
            rawTextEnd = (name, true)
        }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    private mutating func readAttributeValue() -> String {
        guard position < bytes.count else { return "" }
        let quote = bytes[position]
        let start: Int, end: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            start = position + 1
            end = bytes[start...].firstIndex(of: quote) ?? bytes.count
            position = min(end + 1, bytes.count)
        } else {
            start = position
            while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
            end = position
        }
        return CharacterReferences.decode(bytes[start..<end], dialect: .html)
    }

    /// The text of a raw-text element up to its end tag (matched case-insensitively), which is left for `next()`.
    private mutating func rawText(until name: String, escapable: Bool) -> Token? {
        let start = position
        let closing = Array("</\(name)".utf8)
        var end = bytes.count
        var search = position
        while let candidate = Self.index(of: [UInt8(ascii: "<"), UInt8(ascii: "/")], in: bytes, from: search) {
            let after = candidate + closing.count
            if after <= bytes.count, zip(bytes[candidate..<after], closing).allSatisfy({ $0 | 0x20 == $1 | 0x20 }),
               after == bytes.count || Self.isSpace(bytes[after]) || bytes[after] == UInt8(ascii: ">")
                || bytes[after] == UInt8(ascii: "/") {
                end = candidate
                break
            }
            search = candidate + 2
        }
        position = end
        guard end > start else { return nil }
        return .text(escapable ? CharacterReferences.decode(bytes[start..<end], dialect: .html)
                               : String(decoding: bytes[start..<end], as: UTF8.self))
    }

    private mutating func readTagName() -> String {
        let start = position
        while position < bytes.count, !Self.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">"),
              bytes[position] != UInt8(ascii: "/") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
    }

    private mutating func skipPast(_ byte: UInt8) {
        position = (bytes[position...].firstIndex(of: byte) ?? bytes.count - 1) + 1
    }

    static func index(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")
    }

    /// ASCII whitespace (§13.2.5.1: tab, LF, FF, CR, space).
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }
}
