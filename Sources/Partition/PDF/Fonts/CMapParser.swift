/// Reads CMap programs (PDF 32000-1 §9.7.5.4; Adobe Technical Note #5014): codespace ranges, `bfchar`/`bfrange`
/// (including the array form of `bfrange`), `cidchar`/`cidrange`, `/WMode` and `usecmap`. Everything else in the
/// PostScript is ignored; malformed entries are skipped. Entries are bounded by the data size, so a hostile map cannot
/// grow beyond a few times its input.
enum CMapParser {
    /// Array-form `bfrange` entries expanded at most (they list one destination per code anyway).
    static let maxArrayRange = 65_536

    static func parse(_ data: [UInt8]) -> CMap {
        var cmap = CMap()
        data.withUnsafeBufferPointer { buffer in
            var parser = PDFParser(source: data, buffer: buffer, maxDepth: 8)
            var operands: [PDFObject] = []
            while true {
                let token = parser.lexer.next()
                switch token {
                case .eof:
                    return
                case .keyword(let range):
                    let lexer = parser.lexer
                    if lexer.keyword(range, is: "endcodespacerange") {
                        addCodespaces(operands, to: &cmap)
                    } else if lexer.keyword(range, is: "endbfchar") {
                        addCharacters(operands, to: &cmap)
                    } else if lexer.keyword(range, is: "endbfrange") {
                        addRanges(operands, to: &cmap)
                    } else if lexer.keyword(range, is: "endcidchar") || lexer.keyword(range, is: "endnotdefchar") {
                        addCIDCharacters(operands, to: &cmap)
                    } else if lexer.keyword(range, is: "endcidrange") {
                        addCIDRanges(operands, to: &cmap)
                    } else if lexer.keyword(range, is: "usecmap"), let name = operands.last?.name {
                        cmap.parentName = name
                    } else if lexer.keyword(range, is: "def"), operands.count >= 2,
                              operands[operands.count - 2].name == "WMode" {
                        cmap.writingMode = operands.last?.integer ?? 0
                    }
                    operands.removeAll(keepingCapacity: true)
                default:
                    if let value = try? parser.value(of: token, depth: 0) { operands.append(value) }
                }
            }
        }
        return cmap
    }

    /// A hex string as a big-endian code, with its byte length.
    private static func code(_ object: PDFObject) -> (UInt32, Int)? {
        guard let bytes = object.string, (1...4).contains(bytes.count) else { return nil }
        return (bytes.reduce(0) { $0 << 8 | UInt32($1) }, bytes.count)
    }

    private static func addCodespaces(_ operands: [PDFObject], to cmap: inout CMap) {
        for pair in stride(from: 0, to: operands.count - 1, by: 2) {
            guard let (low, length) = code(operands[pair]), let (high, _) = code(operands[pair + 1]) else { continue }
            cmap.codespaces.append(CMap.Codespace(length: length, low: low, high: high))
        }
    }

    private static func addCharacters(_ operands: [PDFObject], to cmap: inout CMap) {
        for pair in stride(from: 0, to: operands.count - 1, by: 2) {
            guard let (source, _) = code(operands[pair]) else { continue }
            if let text = operands[pair + 1].string {
                cmap.unicodeSingles[source] = utf16Text(text)
            } else if let name = operands[pair + 1].name, let scalars = GlyphList.unicode(for: name) {
                cmap.unicodeSingles[source] = scalars
            }
        }
    }

    private static func addRanges(_ operands: [PDFObject], to cmap: inout CMap) {
        for triple in stride(from: 0, to: operands.count - 2, by: 3) {
            guard let (low, _) = code(operands[triple]), let (high, _) = code(operands[triple + 1]),
                  high >= low else { continue }
            switch operands[triple + 2] {
            case .string(let text):
                let base = utf16Text(text)
                guard !base.isEmpty else { continue }
                let range = CMap.UnicodeRange(low: low, high: high, base: base)
                // Short ranges (the usual one-per-glyph-run kind) become single entries: lookups stay O(1).
                if high - low < 256 {
                    for code in low...high {
                        var scalars: [Unicode.Scalar] = []
                        if range.append(code, to: &scalars) { cmap.unicodeSingles[code] = scalars }
                    }
                } else {
                    cmap.unicodeRanges.append(range)
                }
            case .array(let items):
                for (offset, item) in items.prefix(min(Int(high - low) + 1, maxArrayRange)).enumerated() {
                    if let text = item.string { cmap.unicodeSingles[low &+ UInt32(offset)] = utf16Text(text) }
                }
            default:
                continue
            }
        }
    }

    private static func addCIDCharacters(_ operands: [PDFObject], to cmap: inout CMap) {
        for pair in stride(from: 0, to: operands.count - 1, by: 2) {
            guard let (source, _) = code(operands[pair]), let cid = operands[pair + 1].integer, cid >= 0 else { continue }
            cmap.cidSingles[source] = UInt32(truncatingIfNeeded: cid)
        }
    }

    private static func addCIDRanges(_ operands: [PDFObject], to cmap: inout CMap) {
        for triple in stride(from: 0, to: operands.count - 2, by: 3) {
            guard let (low, _) = code(operands[triple]), let (high, _) = code(operands[triple + 1]), high >= low,
                  let cid = operands[triple + 2].integer, cid >= 0 else { continue }
            cmap.cidRanges.append(CMap.CIDRange(low: low, high: high, firstCID: UInt32(truncatingIfNeeded: cid)))
        }
    }

    /// UTF-16BE destination text (§9.10.3); a lone odd byte is taken as a code point of its own, as writers emit it.
    static func utf16Text(_ bytes: [UInt8]) -> [Unicode.Scalar] {
        if bytes.count == 1 { return Unicode.Scalar(UInt32(bytes[0])).map { [$0] } ?? [] }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        for index in stride(from: 0, to: bytes.count - 1, by: 2) {
            units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
        }
        var scalars: [Unicode.Scalar] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: continue
            }
        }
        return scalars
    }
}
