/// A small XML 1.0 reader for OOXML parts: elements, attributes, namespace prefixes, text, CDATA, the five predefined
/// entities and numeric character references. Comments and processing instructions are skipped.
///
/// Safety first: any `<!DOCTYPE` is refused (`xml_doctype`), so there are no custom entities to expand (billion
/// laughs) or fetch (XXE); nesting is bounded by `maxNestingDepth`; the tree is built iteratively. Tolerant where
/// tolerance is harmless: an end tag closes the nearest open element of that name (closing those inside it), a stray
/// end tag is ignored, elements still open at the end are closed, unknown entity references stay as written, and a
/// `<` that starts no markup is text.
package struct XMLReader {
    private let bytes: [UInt8]
    private let budget: PartitionBudget
    private var position = 0
    /// Open elements; index 0 is a synthetic document node holding the root.
    private var stack: [XMLElement] = [XMLElement(prefix: nil, localName: "", namespace: nil)]
    /// Namespace bindings in scope, innermost last, and how many each open element added.
    private var bindings: [(prefix: String, uri: String)] = [("xml", "http://www.w3.org/XML/1998/namespace")]
    private var bindingCounts: [Int] = [0]

    /// Parses `bytes` (UTF-8, or UTF-16 with a byte order mark — the encodings OOXML allows, ECMA-376 Part 2 rule
    /// M1.17) and returns the root element.
    package static func parse(_ bytes: [UInt8], budget: PartitionBudget) throws(PartitionError) -> XMLElement {
        var input = bytes
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            input = Array(try TextDecoding.decode(bytes).utf8)
        } else if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            input = Array(bytes.dropFirst(3))
        }
        var reader = XMLReader(bytes: input, budget: budget)
        try reader.run()
        guard let root = reader.stack[0].elements.first else { throw .xmlInvalid("no root element") }
        return root
    }

    private init(bytes: [UInt8], budget: PartitionBudget) {
        self.bytes = bytes
        self.budget = budget
    }

    private mutating func run() throws(PartitionError) {
        while position < bytes.count {
            try budget.check()
            guard bytes[position] == UInt8(ascii: "<") else {
                let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                appendText(CharacterReferences.decode(bytes[position..<end], dialect: .xml))
                position = end
                continue
            }
            try markup()
        }
        while stack.count > 1 { closeTop() }
    }

    /// Reads the markup at `position` (a `<`).
    private mutating func markup() throws(PartitionError) {
        let next = position + 1 < bytes.count ? bytes[position + 1] : 0
        switch next {
        case UInt8(ascii: "?"):
            position = try skip(past: "?>", what: "processing instruction")
        case UInt8(ascii: "!"):
            try declarationOrComment()
        case UInt8(ascii: "/"):
            try endTag()
        case _ where Self.isNameByte(next):
            try startTag()
        default:
            appendText("<")
            position += 1
        }
    }

    private mutating func declarationOrComment() throws(PartitionError) {
        if matches("<!--") {
            position = try skip(past: "-->", what: "comment")
        } else if matches("<![CDATA[") {
            let start = position + 9
            let end = try skip(past: "]]>", what: "CDATA section")
            appendText(String(decoding: bytes[start..<(end - 3)], as: UTF8.self))
            position = end
        } else if matches("<!DOCTYPE", caseInsensitive: true) {
            throw .xmlDoctype
        } else {
            throw .xmlInvalid("a markup declaration outside a document type declaration")
        }
    }

    private mutating func startTag() throws(PartitionError) {
        position += 1
        let (prefix, localName) = splitName(readName())
        var attributes: [XMLAttribute] = []
        var added = 0
        var selfClosing = false
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw .xmlInvalid("an unterminated tag <\(localName)") }
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") { position += 1; break }
            if byte == UInt8(ascii: "/") { selfClosing = true; position += 1; continue }
            let name = readName()
            guard !name.isEmpty else { position += 1; continue }
            skipWhitespace()
            var value = ""
            if position < bytes.count, bytes[position] == UInt8(ascii: "=") {
                position += 1
                skipWhitespace()
                value = try readValue()
            }
            let (attributePrefix, attributeName) = splitName(name)
            if attributePrefix == nil, attributeName == "xmlns" {
                bindings.append(("", value))
                added += 1
            } else if attributePrefix == "xmlns" {
                bindings.append((attributeName, value))
                added += 1
            } else {
                attributes.append(XMLAttribute(prefix: attributePrefix, localName: attributeName, value: value))
            }
        }
        guard stack.count <= budget.limits.maxNestingDepth else {
            throw .nestingLimit("XML elements more than \(budget.limits.maxNestingDepth) deep")
        }
        // An empty URI undeclares the default namespace (Namespaces in XML 1.0 §6.2).
        let namespace = bindings.last { $0.prefix == (prefix ?? "") }.map(\.uri).flatMap { $0.isEmpty ? nil : $0 }
        stack.append(XMLElement(prefix: prefix, localName: localName, namespace: namespace, attributes: attributes))
        bindingCounts.append(added)
        if selfClosing { closeTop() }
    }

    private mutating func endTag() throws(PartitionError) {
        position += 2
        let (prefix, localName) = splitName(readName())
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
            throw .xmlInvalid("an unterminated end tag </\(localName)")
        }
        position += 1
        guard let open = stack.lastIndex(where: { $0.localName == localName && $0.prefix == prefix }), open > 0 else {
            return
        }
        while stack.count > open { closeTop() }
    }

    /// Closes the innermost open element into its parent.
    private mutating func closeTop() {
        let element = stack.removeLast()
        bindings.removeLast(bindingCounts.removeLast())
        stack[stack.count - 1].children.append(.element(element))
    }

    private mutating func appendText(_ text: String) {
        guard stack.count > 1, !text.isEmpty else { return }
        let top = stack.count - 1
        if case .text(var previous) = stack[top].children.last {
            // Clearing the slot first leaves `previous` uniquely referenced, so the append happens in place instead
            // of copying the run for every comment-separated piece.
            let last = stack[top].children.count - 1
            stack[top].children[last] = .text("")
            previous += text
            stack[top].children[last] = .text(previous)
        } else {
            stack[top].children.append(.text(text))
        }
    }

    // MARK: - Lexical helpers

    private mutating func readName() -> String {
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]) || bytes[position] >= 0x80
            || bytes[position] == UInt8(ascii: ":") || bytes[position] == UInt8(ascii: "-")
            || bytes[position] == UInt8(ascii: ".") || (bytes[position] >= 0x30 && bytes[position] <= 0x39) {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// A quoted attribute value (XML 1.0 §3.3.3: literal tabs and line breaks become spaces, references are decoded
    /// afterwards so `&#10;` survives). An unquoted value is read to the next space or `>`, tolerantly.
    private mutating func readValue() throws(PartitionError) -> String {
        guard position < bytes.count else { throw .xmlInvalid("an attribute without a value") }
        let quote = bytes[position]
        let start: Int, end: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            guard let close = bytes[(position + 1)...].firstIndex(of: quote) else {
                throw .xmlInvalid("an unterminated attribute value")
            }
            (start, end) = (position + 1, close)
            position = close + 1
        } else {
            start = position
            while position < bytes.count, !Self.isWhitespace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
            end = position
        }
        let normalized = bytes[start..<end].map { Self.isWhitespace($0) ? UInt8(ascii: " ") : $0 }
        return CharacterReferences.decode(normalized[...], dialect: .xml)
    }

    private func splitName(_ name: String) -> (prefix: String?, localName: String) {
        guard let colon = name.firstIndex(of: ":") else { return (nil, name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
    }

    /// The index after the next `terminator`, searching from `position`.
    private func skip(past terminator: StaticString, what: String) throws(PartitionError) -> Int {
        let pattern = Array(UnsafeBufferPointer(start: terminator.utf8Start, count: terminator.utf8CodeUnitCount))
        var index = position + 1
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index + pattern.count
            }
            index += 1
        }
        throw .xmlInvalid("an unterminated \(what)")
    }

    private func matches(_ literal: StaticString, caseInsensitive: Bool = false) -> Bool {
        let pattern = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes.count - position >= pattern.count else { return false }
        return zip(bytes[position...], pattern).allSatisfy { byte, expected in
            caseInsensitive ? byte | 0x20 == expected | 0x20 : byte == expected
        }
    }

    /// ASCII letters and `_`, which start names (non-ASCII name characters are accepted inside names).
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    /// XML 1.0 §2.3 S: space, tab, CR, LF.
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
