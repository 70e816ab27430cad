/// Reads the few properties ragd keeps from an XMP packet (ISO 16684-1; PDF 32000-1 §14.3.2) with a tolerant text
/// scan instead of an XML parser: each property as an element (plain, or an `rdf:Alt`/`rdf:Seq`/`rdf:Bag` of
/// `rdf:li` items) or as an attribute of `rdf:Description`. A packet with a DOCTYPE or ENTITY declaration is
/// ignored outright, which rules out entity-expansion attacks.
enum XMPScanner {
    /// Largest packet scanned.
    static let maxBytes = 4 * 1024 * 1024

    /// Property name → value (list items joined with ", ").
    static func properties(in bytes: [UInt8], names: [String]) -> [String: String] {
        guard bytes.count <= maxBytes else { return [:] }
        let text = String(decoding: bytes, as: UTF8.self)
        let upper = text.uppercased()
        if upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY") { return [:] }
        var result: [String: String] = [:]
        for name in names {
            if let value = elementValue(name, in: text) ?? attributeValue(name, in: text), !value.isEmpty {
                result[name] = value
            }
        }
        return result
    }

    private static func elementValue(_ name: String, in text: String) -> String? {
        var searchStart = text.startIndex
        while let open = text[searchStart...].firstRange(of: "<" + name) {
            searchStart = open.upperBound
            guard let next = text[open.upperBound...].first, next == ">" || next == " " || next == "\n"
                    || next == "\r" || next == "\t" || next == "/" else { continue }
            guard let tagEnd = text[open.upperBound...].firstIndex(of: ">") else { return nil }
            if text[text.index(before: tagEnd)] == "/" { continue }  // <dc:title/>
            guard let close = text[tagEnd...].firstRange(of: "</" + name + ">") else { return nil }
            let inner = text[text.index(after: tagEnd)..<close.lowerBound]
            let items = listItems(inner)
            let value = items.isEmpty ? stripTags(inner) : items.joined(separator: ", ")
            return decodeEntities(value).pdfTrimmed
        }
        return nil
    }

    private static func listItems(_ inner: Substring) -> [String] {
        var items: [String] = []
        var searchStart = inner.startIndex
        while let open = inner[searchStart...].firstRange(of: "<rdf:li"),
              let tagEnd = inner[open.upperBound...].firstIndex(of: ">"),
              let close = inner[tagEnd...].firstRange(of: "</rdf:li>") {
            let value = decodeEntities(stripTags(inner[inner.index(after: tagEnd)..<close.lowerBound]))
                .pdfTrimmed
            if !value.isEmpty { items.append(value) }
            searchStart = close.upperBound
        }
        return items
    }

    private static func attributeValue(_ name: String, in text: String) -> String? {
        for quote in ["\"", "'"] {
            guard let start = text.firstRange(of: name + "=" + quote) else { continue }
            guard let end = text[start.upperBound...].firstIndex(of: Character(quote)) else { return nil }
            return decodeEntities(String(text[start.upperBound..<end])).pdfTrimmed
        }
        return nil
    }

    private static func stripTags(_ text: Substring) -> String {
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag {
                result.append(character)
            }
        }
        return result
    }

    /// The five predefined XML entities and numeric character references.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let entity = text[text.index(after: index)..<semicolon]
                var replacement: String?
                switch entity {
                case "amp": replacement = "&"
                case "lt": replacement = "<"
                case "gt": replacement = ">"
                case "quot": replacement = "\""
                case "apos": replacement = "'"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                        replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                    } else if entity.hasPrefix("#") {
                        replacement = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                    }
                }
                if let replacement {
                    result += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }
}

extension String {
    /// Without leading and trailing white space (`DocumentBuilder.trimmed`).
    var pdfTrimmed: String { DocumentBuilder.trimmed(self) }
}
