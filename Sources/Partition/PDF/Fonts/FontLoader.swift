/// Builds `PDFFont`s from font dictionaries (PDF 32000-1 §9.6–9.10): simple fonts (Type1, TrueType, Type3) through
/// their encoding, `/Differences` and glyph names, composite fonts (Type0) through their CMap and CID widths, both
/// overridden by `/ToUnicode`.
struct FontLoader {
    let document: PDFDocument

    func load(_ dictionary: PDFDictionary) throws(PartitionError) -> PDFFont {
        let baseFont = PDFFont.stripSubsetPrefix(dictionary.name("BaseFont") ?? "")
        var font = PDFFont(name: baseFont)
        let descriptor = try document.resolve(dictionary["FontDescriptor"]).dictionary
        font.isBold = Self.isBold(name: baseFont, descriptor: descriptor)
        let toUnicode = try document.decodedStream(dictionary["ToUnicode"]).map(CMapParser.parse)
        if dictionary.name("Subtype") == "Type0" {
            try loadComposite(dictionary, hasToUnicode: toUnicode != nil, into: &font)
            font.toUnicode = toUnicode
        } else {
            try loadSimple(dictionary, baseFont: baseFont, descriptor: descriptor, toUnicode: toUnicode, into: &font)
        }
        return font
    }

    /// Bold by name, by the ForceBold flag (bit 19 of `/Flags`, §9.8.2 table 123) or by `/FontWeight` ≥ 600.
    private static func isBold(name: String, descriptor: PDFDictionary?) -> Bool {
        let lowered = name.lowercased()
        if ["bold", "black", "heavy", "semibold", "demi"].contains(where: { lowered.contains($0) }) { return true }
        if let flags = descriptor?["Flags"]?.integer, flags & (1 << 18) != 0 { return true }
        if let weight = descriptor?["FontWeight"]?.number, weight >= 600 { return true }
        return false
    }

    // MARK: Simple fonts

    private func loadSimple(_ dictionary: PDFDictionary, baseFont: String, descriptor: PDFDictionary?,
                            toUnicode: CMap?, into font: inout PDFFont) throws(PartitionError) {
        let subtype = dictionary.name("Subtype") ?? "Type1"
        let names = try glyphNames(dictionary, subtype: subtype, baseFont: baseFont, descriptor: descriptor)
        let symbolic = (descriptor?["Flags"]?.integer ?? 0) & 4 != 0
        let dingbats = baseFont.hasPrefix("ZapfDingbats") || baseFont.hasPrefix("Dingbats")
        for code in 0..<256 {
            var text: [Unicode.Scalar] = []
            if let toUnicode, toUnicode.appendUnicode(for: UInt32(code), to: &text) {
                font.simpleText[code] = text
            } else if dingbats, names[code] == nil, let scalar = ZapfDingbats.unicode(for: code) {
                font.simpleText[code] = [scalar]
            } else if let name = names[code], let scalars = GlyphList.unicode(for: name) {
                font.simpleText[code] = scalars
            } else if names[code] != nil || symbolic && subtype == "TrueType", code >= 32, code != 127,
                      let scalar = Unicode.Scalar(UInt32(code)) {
                // An unknown glyph name (`/square`, `/g24`), or a symbolic TrueType font addressing glyphs by code:
                // the code passes through as Latin-1, as in poppler (its `mapUnknownCharNames`).
                font.simpleText[code] = [scalar]
            }
        }
        var scale = 0.001
        var matrix: [Double] = []
        if subtype == "Type3", let values = try document.resolve(dictionary["FontMatrix"]).array?.compactMap(\.number),
           values.count == 6 {
            matrix = values
            scale = values[0] != 0 ? abs(values[0]) : 0.001
        }
        let missing = (try document.resolve(descriptor?["MissingWidth"]).number) ?? 0
        if let widths = try document.resolve(dictionary["Widths"]).array {
            let first = max(-1 << 20, min(try document.resolve(dictionary["FirstChar"]).integer ?? 0, 1 << 20))
            for code in 0..<256 { font.simpleWidths[code] = missing * scale }
            for (index, entry) in widths.enumerated() {
                let code = first + index
                guard code >= 0, code < 256 else { continue }
                font.simpleWidths[code] = (try document.resolve(entry).number ?? missing) * scale
            }
        } else {
            let metrics = StandardFontMetrics(baseFont: baseFont)
            for code in 0..<256 { font.simpleWidths[code] = metrics.width(glyphName: names[code], code: code) * 0.001 }
        }
        if !matrix.isEmpty { font.sizeScale = try type3SizeScale(dictionary, matrix: matrix, widths: font.simpleWidths) }
    }

    /// How tall a Type 3 font's em is in text space. Its glyph space is whatever the font says, so the em is
    /// estimated as twice the median advance (Latin text averages half an em per glyph), else from the font box.
    private func type3SizeScale(_ dictionary: PDFDictionary, matrix: [Double], widths: [Double])
        throws(PartitionError) -> Double {
        var advances = widths.filter { $0 > 0 }
        if !advances.isEmpty {
            advances.sort()
            return max(0.05, min(2 * advances[advances.count / 2], 5))
        }
        if let box = PDFRect(try document.resolve(dictionary["FontBBox"])) {
            return max(0.05, min(abs(matrix[3]) * box.height, 5))
        }
        return 1
    }

    /// The glyph name of each code: base encoding (named, or the font's default, §9.6.6) plus `/Differences`.
    private func glyphNames(_ dictionary: PDFDictionary, subtype: String, baseFont: String,
                            descriptor: PDFDictionary?) throws(PartitionError) -> [String?] {
        let encoding = try document.resolve(dictionary["Encoding"])
        var names: [String?]
        if let name = encoding.name, let named = FontEncoding(name: name) {
            names = named.glyphNames
        } else if let base = encoding.dictionary?.name("BaseEncoding"), let named = FontEncoding(name: base) {
            names = named.glyphNames
        } else {
            names = try defaultGlyphNames(subtype: subtype, baseFont: baseFont, descriptor: descriptor)
        }
        if let differences = try document.resolve(encoding.dictionary?["Differences"]).array {
            var code = 0
            for item in differences {
                if let start = item.integer {
                    code = start
                } else if let name = item.name {
                    if code >= 0, code < 256 { names[code] = name }
                    code += 1
                }
            }
        }
        return names
    }

    /// The encoding a font uses when its dictionary names none: Symbol's own, the built-in encoding of an embedded
    /// Type 1 program, nothing for symbolic TrueType (codes address glyphs), WinAnsi for other TrueType (what their
    /// writers mean in practice), otherwise Standard.
    private func defaultGlyphNames(subtype: String, baseFont: String, descriptor: PDFDictionary?)
        throws(PartitionError) -> [String?] {
        if baseFont.hasPrefix("Symbol") { return FontEncoding.symbol.glyphNames }
        if baseFont.hasPrefix("ZapfDingbats") || baseFont.hasPrefix("Dingbats") {
            return Array(repeating: nil, count: 256)
        }
        if let program = try document.decodedStream(descriptor?["FontFile"]),
           let builtIn = Type1EncodingReader.encoding(in: program) {
            return builtIn
        }
        if case .stream(let stream) = try document.resolve(descriptor?["FontFile3"]),
           stream.dictionary.name("Subtype") == "Type1C", let program = try document.decodedStream(stream),
           let builtIn = CFFEncodingReader(program).encoding() {
            return builtIn
        }
        let symbolic = (descriptor?["Flags"]?.integer ?? 0) & 4 != 0
        if subtype == "TrueType" { return symbolic ? Array(repeating: nil, count: 256) : FontEncoding.winAnsi.glyphNames }
        return FontEncoding.standard.glyphNames
    }
}
