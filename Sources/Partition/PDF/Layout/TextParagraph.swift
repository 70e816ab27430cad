/// A paragraph, heading candidate or list item cut from a block, with what classification needs to know.
struct TextParagraph: Sendable {
    var text: String
    /// The dominant glyph size of its lines.
    var size: Double
    var boldShare: Double
    var lineCount: Int
    var isListItem: Bool
    /// The 1-based page it is on.
    var page: Int
}
