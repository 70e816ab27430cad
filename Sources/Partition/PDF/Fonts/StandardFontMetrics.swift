/// Approximate advance widths (1/1000 em) of the standard 14 fonts (PDF 32000-1 §9.6.2.2), for simple fonts that
/// omit `/Widths`: the AFM widths of printable ASCII for the Helvetica, Times and Courier families; accented letters
/// take their base letter's width, anything else the family's average. Oblique/italic Helvetica shares Helvetica's
/// widths (as in the AFM files); Times-BoldItalic uses Times-Bold's.
struct StandardFontMetrics: Sendable {
    private let ascii: [UInt16]
    private let fallback: Double

    /// Metrics for a font named `baseFont` (subset prefix already removed): the standard 14 by name, other fonts
    /// by the family their name suggests.
    init(baseFont: String) {
        let name = baseFont.lowercased()
        let bold = name.contains("bold") || name.contains("black") || name.contains("heavy")
        let italic = name.contains("italic") || name.contains("oblique")
        if name.contains("courier") || name.contains("mono") {
            ascii = Array(repeating: 600, count: 95)
            fallback = 600
        } else if name.contains("times") || name.contains("roman") || name.contains("serif") && !name.contains("sans")
                    || name.contains("georgia") || name.contains("garamond") {
            ascii = bold ? Self.timesBold : italic ? Self.timesItalic : Self.timesRoman
            fallback = 500
        } else {
            ascii = bold ? Self.helveticaBold : Self.helvetica
            fallback = 556
        }
    }

    /// The width of glyph `name` (a Latin glyph name), or of code `code` read as ASCII when the name is unknown.
    func width(glyphName name: String?, code: Int) -> Double {
        if let name {
            if let scalar = GlyphList.unicode(for: name)?.first, scalar.value >= 32, scalar.value < 127 {
                return Double(ascii[Int(scalar.value) - 32])
            }
            if let base = Self.baseLetter(of: name), let value = base.asciiValue {
                return Double(ascii[Int(value) - 32])
            }
            return fallback
        }
        return (32..<127).contains(code) ? Double(ascii[code - 32]) : fallback
    }

    private static let accents = ["acute", "grave", "circumflex", "dieresis", "tilde", "ring", "cedilla", "caron",
                                  "macron", "breve", "ogonek", "dotaccent", "hungarumlaut", "slash", "commaaccent"]

    /// `e` for `eacute`, `A` for `Aring`: the letter an accented glyph name starts with.
    private static func baseLetter(of name: String) -> Character? {
        guard let first = name.first, first.isASCII, first.isLetter else { return nil }
        let rest = name.dropFirst()
        return accents.contains(where: { rest == $0 }) ? first : nil
    }

    private static let helvetica: [UInt16] = [
        278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
        556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667,
        556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 222, 556,
        556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722,
        500, 500, 500, 334, 260, 334, 584,
    ]
    private static let helveticaBold: [UInt16] = [
        278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556,
        556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722,
        611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 278, 556,
        611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778,
        556, 556, 500, 389, 280, 389, 584,
    ]
    private static let timesRoman: [UInt16] = [
        250, 333, 408, 500, 500, 833, 778, 333, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
        500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722,
        611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444,
        500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722,
        500, 500, 444, 480, 200, 480, 541,
    ]
    private static let timesBold: [UInt16] = [
        250, 333, 555, 500, 500, 1000, 833, 333, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
        500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778,
        667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500,
        556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722,
        500, 500, 444, 394, 220, 394, 520,
    ]
    private static let timesItalic: [UInt16] = [
        250, 333, 420, 500, 500, 833, 778, 333, 333, 333, 500, 675, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500,
        500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611, 611, 667, 722, 611, 611, 722, 722, 333, 444, 667,
        556, 833, 667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500,
        500, 444, 500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278, 500, 444, 667,
        444, 444, 389, 400, 275, 400, 541,
    ]
}
