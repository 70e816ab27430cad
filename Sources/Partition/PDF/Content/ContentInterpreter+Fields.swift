/// Form fields whose appearance the viewer must build (`/NeedAppearances true` in the AcroForm, PDF 32000-1
/// §12.7.3.3): their stored appearance is stale or empty, so — as poppler does — text fields and choices show their
/// value and push buttons their caption, set in Helvetica at the field's default-appearance size.
extension ContentInterpreter {
    /// Whether the document asks viewers to regenerate field appearances.
    func needsAppearances() throws(PartitionError) -> Bool {
        guard let form = try document.resolve(document.catalog()?["AcroForm"]).dictionary,
              case .bool(true) = try document.resolve(form["NeedAppearances"]) else { return false }
        return true
    }

    /// Draws the generated appearance of widget `annotation` inside `rect`; returns false when it is no field.
    func drawFieldAppearance(_ annotation: PDFDictionary, rect: PDFRect) throws(PartitionError) -> Bool {
        guard let type = try inherited("FT", from: annotation)?.name else { return false }
        var text = ""
        switch type {
        case "Tx", "Ch":
            switch try document.resolve(inherited("V", from: annotation)) {
            case .string(let bytes): text = PDFTextString.decode(bytes)
            case .array(let items): text = try items.first.flatMap { (item) throws(PartitionError) in
                try document.resolve(item).string }.map(PDFTextString.decode) ?? ""
            default: break
            }
        case "Btn":
            let flags = try document.resolve(inherited("Ff", from: annotation)).integer ?? 0
            guard flags & (1 << 16) != 0,
                  let caption = try document.resolve(annotation["MK"]).dictionary?["CA"]?.string else { return true }
            text = PDFTextString.decode(caption)
        default:
            return true
        }
        let appearance = try document.resolve(inherited("DA", from: annotation)).string.map { String(decoding: $0, as: UTF8.self) }
        var size = Self.fontSize(inDefaultAppearance: appearance ?? "")
        if size <= 0 { size = min(12, max(4, rect.height * 0.7)) }
        var baseline = rect.maxY - 2 - size * 0.8
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            appendText(line, x: rect.minX + 2, y: max(baseline, rect.minY + 1), size: size)
            baseline -= size * 1.15
        }
        return true
    }

    /// A field attribute, inherited from the field's ancestors (§12.7.3.1, table 220).
    private func inherited(_ key: String, from field: PDFDictionary) throws(PartitionError) -> PDFObject? {
        var current: PDFDictionary? = field
        var depth = 0
        while let node = current, depth < 32 {
            if let value = node[key] { return value }
            current = try document.resolve(node["Parent"]).dictionary
            depth += 1
        }
        return nil
    }

    /// The size operand of `Tf` in a default-appearance string (`/Helv 10 Tf 0 g`).
    private static func fontSize(inDefaultAppearance appearance: String) -> Double {
        let tokens = appearance.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" })
        guard let index = tokens.firstIndex(of: "Tf"), index >= 1 else { return 0 }
        return Double(tokens[index - 1]) ?? 0
    }

    /// Records `text` as Helvetica glyphs starting at user-space (`x`, `y`), without going through a font program.
    private func appendText(_ text: Substring, x: Double, y: Double, size: Double) {
        let metrics = StandardFontMetrics(baseFont: "Helvetica")
        var cursor = x
        for scalar in text.unicodeScalars {
            let code = Int(scalar.value)
            let width = metrics.width(glyphName: nil, code: code < 127 ? code : 0) * 0.001 * size
            let start = pageTransform.apply(cursor, y)
            let end = pageTransform.apply(cursor + width, y)
            cursor += width
            guard isOnPage(start: start, end: end, size: size) else { continue }
            let textStart = output.text.count
            output.text.append(scalar)
            output.glyphs.append(TextGlyph(x: start.x, y: start.y, endX: end.x, endY: end.y, fontSize: size,
                                           textStart: Int32(textStart), textCount: 1, isBold: false,
                                           isSpace: scalar == " "))
        }
    }
}
