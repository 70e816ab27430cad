/// One line of text in reading order, with its geometry and its words already spaced.
struct LayoutLine: Sendable {
    var text: [Unicode.Scalar]
    var minX: Double
    var maxX: Double
    var baseline: Double
    /// The dominant (most used) glyph size.
    var size: Double
    /// Share of the line's glyphs drawn with a bold font.
    var boldShare: Double

    var top: Double { baseline + size * 0.8 }
    var bottom: Double { baseline - size * 0.25 }
    var width: Double { maxX - minX }
}
