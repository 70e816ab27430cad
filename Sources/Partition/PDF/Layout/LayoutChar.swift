/// A glyph in a text direction's own frame: text runs towards +x, y up, so every direction is laid out as if it were
/// horizontal left-to-right text.
struct LayoutChar: Sendable {
    var minX: Double
    var maxX: Double
    var baseline: Double
    var size: Double
    var textStart: Int32
    var textCount: Int32
    /// A space the writer typed (or a glyph whose text is white space): always a word break.
    var isSpace: Bool
    var isBold: Bool
}
