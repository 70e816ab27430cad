/// Composite (Type0) fonts: the encoding CMap, the descendant CIDFont's widths (§9.7.4.3) and writing mode.
extension FontLoader {
    /// CID widths kept per font at most (a CJK font has about 20,000 glyphs).
    static let maxWidthEntries = 131_072

    func loadComposite(_ dictionary: PDFDictionary, hasToUnicode: Bool, into font: inout PDFFont)
        throws(PartitionError) {
        font.isComposite = true
        font.defaultWidth = 1.0
        switch try document.resolve(dictionary["Encoding"]) {
        case .name(let name):
            applyPredefinedCMap(name, to: &font)
        case .stream(let stream):
            if let data = try document.decodedStream(stream) {
                var cmap = CMapParser.parse(data)
                if let parent = cmap.parentName { applyPredefinedCMap(parent, to: &font) }
                if cmap.codespaces.isEmpty {
                    cmap.codespaces = font.encoding?.codespaces ?? [CMap.Codespace(length: 2, low: 0, high: 0xFFFF)]
                }
                font.isVertical = font.isVertical || cmap.writingMode == 1
                font.encoding = cmap
            }
        default:
            break
        }
        let descendants = try document.resolve(dictionary["DescendantFonts"]).array ?? []
        guard let descendant = try document.resolve(descendants.first).dictionary else { return }
        font.defaultWidth = (try document.resolve(descendant["DW"]).number ?? 1000) * 0.001
        if let widths = try document.resolve(descendant["W"]).array {
            try readWidths(widths, into: &font.cidWidths)
        }
        if font.name.isEmpty, let name = descendant.name("BaseFont") { font.name = PDFFont.stripSubsetPrefix(name) }
        let descriptor = try document.resolve(descendant["FontDescriptor"]).dictionary
        if !font.isBold, let descriptor {
            font.isBold = (descriptor["FontWeight"]?.number ?? 0) >= 600
                || (descriptor["Flags"]?.integer ?? 0) & (1 << 18) != 0
        }
        if !hasToUnicode, !font.codeIsUnicode, font.fallbackText.isEmpty, font.encoding == nil {
            try readProgramText(descendant, descriptor: descriptor, into: &font)
        }
    }

    /// Identity-encoded TrueType CIDFont without `/ToUnicode`: code = CID → glyph (`/CIDToGIDMap`, §9.7.4.2) →
    /// Unicode from the embedded program's cmap.
    private func readProgramText(_ descendant: PDFDictionary, descriptor: PDFDictionary?, into font: inout PDFFont)
        throws(PartitionError) {
        guard let program = try document.decodedStream(descriptor?["FontFile2"] ?? descriptor?["FontFile3"]) else {
            return
        }
        let glyphText = TrueTypeCMap.glyphToUnicode(program)
        guard !glyphText.isEmpty else { return }
        guard let map = try document.decodedStream(descendant["CIDToGIDMap"]) else {
            font.fallbackText = glyphText
            return
        }
        for cid in 0..<map.count / 2 {
            let glyph = UInt32(map[2 * cid]) << 8 | UInt32(map[2 * cid + 1])
            if let scalar = glyphText[glyph] { font.fallbackText[UInt32(cid)] = scalar }
        }
    }

    /// Predefined CMaps by name (§9.7.5.2, table 118): Identity, the Unicode-based UCS2/UTF16 ones (the code is the
    /// text), and the legacy multi-byte ones, of which only the codespace is known here.
    private func applyPredefinedCMap(_ name: String, to font: inout PDFFont) {
        font.isVertical = name.hasSuffix("-V")
        if name.hasPrefix("Identity") { return }
        let twoByte = CMap.Codespace(length: 2, low: 0x0000, high: 0xFFFF)
        if name.hasPrefix("Uni"), name.contains("UCS2") || name.contains("UTF16") {
            font.codeIsUnicode = true
            font.encoding = CMap(codespaces: [twoByte])
            return
        }
        if let charset = LegacyCMapText.charset(forCMap: name) { font.fallbackText = LegacyCMapText.table(for: charset) }
        var codespaces: [CMap.Codespace]
        if name.contains("RKSJ") {
            codespaces = [CMap.Codespace(length: 1, low: 0x00, high: 0x80), CMap.Codespace(length: 1, low: 0xA0, high: 0xDF),
                          CMap.Codespace(length: 2, low: 0x8140, high: 0x9FFC),
                          CMap.Codespace(length: 2, low: 0xE040, high: 0xFCFC)]
        } else if name.contains("EUC") || name.contains("GBK") || name.contains("B5") || name.contains("HKscs")
                    || name.contains("KSC") || name.contains("GB-") {
            codespaces = [CMap.Codespace(length: 1, low: 0x00, high: 0x80), CMap.Codespace(length: 2, low: 0x8140, high: 0xFEFE)]
        } else {
            codespaces = [twoByte]
        }
        font.encoding = CMap(codespaces: codespaces)
    }

    /// `/W`: `c [w1 w2 …]` gives consecutive CIDs from c, `c_first c_last w` one width for a range (§9.7.4.3).
    /// Entries are capped (`maxWidthEntries` in all) so a hostile `0 4294967295 500` stays small.
    private func readWidths(_ items: [PDFObject], into widths: inout [UInt32: Double]) throws(PartitionError) {
        var index = 0
        while index + 1 < items.count, widths.count < Self.maxWidthEntries {
            guard let first = try document.resolve(items[index]).integer, first >= 0, first <= Int(UInt32.max) else {
                return
            }
            let next = try document.resolve(items[index + 1])
            if let list = next.array {
                for (offset, width) in list.enumerated() {
                    if let value = try document.resolve(width).number {
                        widths[UInt32(truncatingIfNeeded: first + offset)] = value * 0.001
                    }
                }
                index += 2
            } else if let last = next.integer, index + 2 < items.count,
                      let width = try document.resolve(items[index + 2]).number {
                if last >= first {
                    let end = min(last, first + Self.maxWidthEntries - widths.count)
                    if end >= first {
                        for cid in first...end { widths[UInt32(truncatingIfNeeded: cid)] = width * 0.001 }
                    }
                }
                index += 3
            } else {
                return
            }
            try document.budget.check()
        }
    }
}
