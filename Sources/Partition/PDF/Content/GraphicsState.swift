/// The parts of the graphics state (PDF 32000-1 §8.4, table 52) and text state (§9.3, table 103) that decide where
/// text lands. Saved and restored by `q`/`Q`.
struct GraphicsState: Sendable {
    var ctm: Matrix
    /// Index of the current font in the interpreter's font table, or -1 before any `Tf`.
    var font = -1
    var fontSize = 0.0
    var characterSpacing = 0.0
    var wordSpacing = 0.0
    /// `Tz` / 100.
    var horizontalScaling = 1.0
    var leading = 0.0
    var rise = 0.0

    init(ctm: Matrix) {
        self.ctm = ctm
    }
}
