/// A font as text extraction sees it (PDF 32000-1 §9.5–9.10): how a string's bytes split into codes, the Unicode text
/// of each code, and each glyph's advance. Built once per font object by `FontLoader`.
struct PDFFont: Sendable {
    /// The font's name without a subset prefix (`ABCDEF+Times-Bold` → `Times-Bold`).
    var name: String
    /// Type0 fonts: multi-byte codes through `encoding`, text through `toUnicode` (§9.7).
    var isComposite = false
    /// Codespaces and code → CID of a composite font; nil means Identity (two-byte codes, CID = code).
    var encoding: CMap?
    var toUnicode: CMap?
    /// Predefined Unicode CMaps (`UniJIS-UCS2-H`…): the code is the UTF-16 text itself.
    var codeIsUnicode = false
    /// Text of codes when nothing better says: a legacy CJK encoding (`LegacyCMapText`) or the embedded TrueType
    /// program's own cmap (`TrueTypeCMap`), keyed by code.
    var fallbackText: [UInt32: Unicode.Scalar] = [:]
    /// Simple fonts: the text of each single-byte code from its encoding and `/ToUnicode`.
    var simpleText: [[Unicode.Scalar]] = Array(repeating: [], count: 256)
    /// Simple fonts: advance of each code in text-space units per unit of font size.
    var simpleWidths: [Double] = Array(repeating: 0, count: 256)
    /// Composite fonts: advance per CID (`/W`), and the default (`/DW`), in text-space units per unit of font size.
    var cidWidths: [UInt32: Double] = [:]
    var defaultWidth = 1.0
    /// Vertical writing (`Identity-V`, `/WMode 1`): glyphs advance downwards (§9.7.4.3).
    var isVertical = false
    var isBold = false
    /// How much taller than its nominal size the font draws: 1, except for Type3 fonts whose `/FontMatrix` scales
    /// glyph space differently from the usual 1/1000 (§9.6.5).
    var sizeScale = 1.0

    /// The next code in `bytes` at `position` and its length in bytes.
    @inline(__always)
    func nextCode(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (code: UInt32, length: Int) {
        guard isComposite else { return (UInt32(bytes[position]), 1) }
        if let encoding, !encoding.codespaces.isEmpty { return encoding.nextCode(in: bytes, at: position) }
        guard position + 1 < bytes.count else { return (UInt32(bytes[position]), 1) }
        return (UInt32(bytes[position]) << 8 | UInt32(bytes[position + 1]), 2)
    }

    /// Appends the text of `code` to `output`; returns false when the code has no known text.
    @inline(__always)
    func appendText(for code: UInt32, to output: inout [Unicode.Scalar]) -> Bool {
        guard isComposite else {
            let text = simpleText[Int(code & 0xFF)]
            output += text
            return !text.isEmpty
        }
        if let toUnicode, toUnicode.appendUnicode(for: code, to: &output) { return true }
        if codeIsUnicode, let scalar = Unicode.Scalar(code) {
            output.append(scalar)
            return true
        }
        if let scalar = fallbackText[code] {
            output.append(scalar)
            return true
        }
        return false
    }

    /// The advance of `code` in text-space units per unit of font size (§9.4.4: w0 / 1000 for most fonts).
    @inline(__always)
    func advance(for code: UInt32) -> Double {
        guard isComposite else { return simpleWidths[Int(code & 0xFF)] }
        let cid = encoding?.cid(for: code) ?? code
        return cidWidths[cid] ?? defaultWidth
    }

    /// `name` without a six-letter subset tag (§9.6.4).
    static func stripSubsetPrefix(_ name: String) -> String {
        let utf8 = Array(name.utf8)
        guard utf8.count > 7, utf8[6] == 0x2B, utf8[0..<6].allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return name }
        return String(name.dropFirst(7))
    }
}
