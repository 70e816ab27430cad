/// One shown glyph in page display space (the page box moved to the origin and `/Rotate` applied, y up): where its
/// origin is, where the next glyph would start, its size, and the range of its text in the page's scalar buffer.
struct TextGlyph: Sendable {
    var x: Double
    var y: Double
    var endX: Double
    var endY: Double
    /// The em height in display space.
    var fontSize: Double
    var textStart: Int32
    var textCount: Int32
    var isBold: Bool
    /// Whether the glyph is the single-byte code 32 (a space the writer typed).
    var isSpace: Bool
}
