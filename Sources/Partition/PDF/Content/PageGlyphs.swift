/// All glyphs of one page, in content-stream order, with their text.
struct PageGlyphs: Sendable {
    var glyphs: [TextGlyph] = []
    var text: [Unicode.Scalar] = []
    /// The page's display size.
    var width: Double = 0
    var height: Double = 0

    func text(of glyph: TextGlyph) -> ArraySlice<Unicode.Scalar> {
        text[Int(glyph.textStart)..<Int(glyph.textStart + glyph.textCount)]
    }
}
