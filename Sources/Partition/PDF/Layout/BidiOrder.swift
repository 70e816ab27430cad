/// Puts a line of right-to-left text (Hebrew, Arabic) into logical order. PDF content places glyphs visually, left to
/// right; pdftotext, and every reader of the text, expects the logical order. This is the simple case of the Unicode
/// bidirectional algorithm (UAX #9) for a right-to-left line: the visual sequence is reversed, except that runs of
/// left-to-right text and numbers keep their own order, and paired brackets outside those runs are mirrored.
enum BidiOrder {
    /// Whether a scalar is a strong right-to-left character.
    static func isRightToLeft(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: true
        default: false
        }
    }

    private static func isLeftToRight(_ scalar: Unicode.Scalar) -> Bool {
        !isRightToLeft(scalar) && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }

    /// `visual` in logical order when right-to-left letters outnumber left-to-right ones; otherwise unchanged.
    /// `clusters` are the offsets where each glyph's text starts: a glyph's own text (a lam-alef ligature read as two
    /// letters) is already logical and moves as a unit.
    static func logicalOrder(_ visual: [Unicode.Scalar], clusters: [Int]? = nil) -> [Unicode.Scalar] {
        // Nothing below U+0590 is right-to-left: most lines return here without a property lookup.
        guard visual.contains(where: { $0.value >= 0x0590 }) else { return visual }
        var rightToLeft = 0
        var leftToRight = 0
        for scalar in visual {
            if isRightToLeft(scalar) { rightToLeft += 1 } else if isLeftToRight(scalar) { leftToRight += 1 }
        }
        guard rightToLeft > leftToRight else { return visual }
        let starts = clusters ?? Array(visual.indices)
        let units: [ArraySlice<Unicode.Scalar>] = starts.indices.map { index in
            visual[starts[index]..<(index + 1 < starts.count ? starts[index + 1] : visual.count)]
        }.filter { !$0.isEmpty }
        // Segments: maximal left-to-right runs of units (neutrals inside them included) or single other units.
        var segments: [ArraySlice<ArraySlice<Unicode.Scalar>>] = []
        let isLTR = { (unit: ArraySlice<Unicode.Scalar>) in unit.contains(where: isLeftToRight) && !unit.contains(where: isRightToLeft) }
        let isRTL = { (unit: ArraySlice<Unicode.Scalar>) in unit.contains(where: isRightToLeft) }
        var index = 0
        while index < units.count {
            if isLTR(units[index]) {
                var end = index
                var probe = index + 1
                while probe < units.count, !isRTL(units[probe]) {
                    if isLTR(units[probe]) { end = probe }
                    probe += 1
                }
                segments.append(units[index...end])
                index = end + 1
            } else {
                segments.append(units[index...index])
                index += 1
            }
        }
        var logical: [Unicode.Scalar] = []
        logical.reserveCapacity(visual.count)
        for segment in segments.reversed() {
            if segment.count == 1, let unit = segment.first, !isLTR(unit) {
                logical += unit.count == 1 ? [mirrored(unit.first!)] : Array(unit)
            } else {
                for unit in segment { logical += unit }
            }
        }
        return logical
    }

    private static func mirrored(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "(": ")"
        case ")": "("
        case "[": "]"
        case "]": "["
        case "{": "}"
        case "}": "{"
        case "<": ">"
        case ">": "<"
        default: scalar
        }
    }
}
