/// Text showing (PDF 32000-1 §9.4.3–9.4.4): each glyph is placed by the text rendering matrix
/// Trm = [Tfs·Th 0 0 Tfs 0 Trise] × Tm × CTM and advances the text matrix by
/// tx = ((w0 − Tj/1000)·Tfs + Tc + Tw)·Th, where Tw applies only to the single-byte code 32. Vertical fonts
/// advance down by one em plus spacing (§9.7.4.3, default vertical metrics).
extension ContentInterpreter {
    func selectFont(resources: PDFDictionary?) throws(PartitionError) {
        guard operands.count >= 2, let name = operands[operands.count - 2].name else { return }
        state.fontSize = operands[operands.count - 1].number ?? state.fontSize
        guard let fontResources = try document.resolve(resources?["Font"]).dictionary,
              let entry = fontResources[name] else {
            state.font = -1
            return
        }
        state.font = try fonts.index(of: entry, document: document) ?? -1
    }

    func showText(_ operand: PDFObject?) throws(PartitionError) {
        guard let bytes = operand?.string else { return }
        try show(bytes)
    }

    /// `TJ`: strings shown, numbers moving the next glyph left by n/1000 of the font size (right for negative n).
    func showArray(_ operand: PDFObject?) throws(PartitionError) {
        guard let items = operand?.array else { return }
        let vertical = state.font >= 0 && fonts.fonts[state.font].isVertical
        for item in items {
            switch item {
            case .string(let bytes):
                try show(bytes)
            case .integer, .real:
                let adjustment = -(item.number ?? 0) / 1000 * state.fontSize
                let offset = vertical ? Matrix.translation(0, adjustment) : .translation(adjustment * state.horizontalScaling, 0)
                textMatrix = offset.then(textMatrix)
            default:
                continue
            }
        }
    }

    /// Shows one string: a glyph per code, recorded when it lands on the page. Glyphs count against the page's
    /// operator limit, so one gigantic string cannot fill memory with glyph records.
    func show(_ bytes: [UInt8]) throws(PartitionError) {
        guard state.font >= 0, !bytes.isEmpty else { return }
        operatorCount += bytes.count
        let maxOperators = budget.limits.maxOperatorsPerPage
        if operatorCount > maxOperators { throw .operatorLimit(maxOperators) }
        let font = fonts.fonts[state.font]
        let size = state.fontSize
        let scaling = state.horizontalScaling
        let toDisplay = textMatrix.then(state.ctm).then(pageTransform)
        let displaySize = abs(size) * font.sizeScale * (toDisplay.c * toDisplay.c + toDisplay.d * toDisplay.d).squareRoot()
        let bold = font.isBold
        let rise = state.rise
        var cursor = 0.0
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            while position < buffer.count {
                let (code, length) = font.nextCode(in: buffer, at: position)
                position += length
                let isSpace = length == 1 && code == 32
                let spacing = state.characterSpacing + (isSpace ? state.wordSpacing : 0)
                // The glyph's box spans its own width; character and word spacing only move the next glyph, so
                // letter-spaced text shows gaps between glyphs (poppler's TextOutputDev measures it the same way).
                let start: (x: Double, y: Double)
                let end: (x: Double, y: Double)
                if font.isVertical {
                    start = toDisplay.apply(0, cursor)
                    end = toDisplay.apply(0, cursor - size)
                    cursor -= size + spacing
                } else {
                    let width = font.advance(for: code) * size * scaling
                    start = toDisplay.apply(cursor, rise)
                    end = toDisplay.apply(cursor + width, rise)
                    cursor += width + spacing * scaling
                }
                record(code: code, font: font, start: start, end: end, size: displaySize, bold: bold, isSpace: isSpace)
            }
        }
        textMatrix = (font.isVertical ? Matrix.translation(0, cursor) : .translation(cursor, 0)).then(textMatrix)
    }

    /// Adds a glyph unless it lies outside the page (poppler drops those too). Arabic presentation forms become their
    /// letters; Latin ligatures stay as their code points (U+FB01…), as in pdftotext's output.
    private func record(code: UInt32, font: PDFFont, start: (x: Double, y: Double), end: (x: Double, y: Double),
                        size: Double, bold: Bool, isSpace: Bool) {
        guard isOnPage(start: start, end: end, size: size) else { return }
        let textStart = output.text.count
        _ = font.appendText(for: code, to: &output.text)
        if output.text.count > textStart, output.text[textStart].value >= 0xFB50 {
            Self.normalizePresentationForms(in: &output.text, from: textStart)
        }
        output.glyphs.append(TextGlyph(x: start.x, y: start.y, endX: end.x, endY: end.y, fontSize: size,
                                       textStart: Int32(textStart), textCount: Int32(output.text.count - textStart),
                                       isBold: bold, isSpace: isSpace))
    }

    private static func normalizePresentationForms(in text: inout [Unicode.Scalar], from start: Int) {
        var normalized: [Unicode.Scalar] = []
        for scalar in text[start...] { normalized += ArabicPresentationForms.letters(for: scalar) ?? [scalar] }
        text.replaceSubrange(start..., with: normalized)
    }

    /// Whether a glyph lands on the page (poppler drops the others), with sane geometry: a degenerate matrix can
    /// produce coordinates of 1e300, which later integer conversions must never see.
    func isOnPage(start: (x: Double, y: Double), end: (x: Double, y: Double), size: Double) -> Bool {
        guard size.isFinite, size > 0, size < 100_000,
              abs(start.x) < 1e6, abs(start.y) < 1e6, abs(end.x) < 1e6, abs(end.y) < 1e6 else { return false }
        let margin = max(size, 1)
        return max(start.x, end.x) >= -1 && min(start.x, end.x) <= output.width + 1
            && start.y >= -margin && start.y <= output.height + margin
    }
}
