/// Inline text accumulated the way a browser lays it out under `white-space: normal` (CSS Text 3 §4.1.1): a run of
/// spaces, tabs and line breaks becomes one space, explicit breaks (`<br>`, Markdown hard breaks) survive, and spaces
/// next to a break or at the start are dropped. No-break spaces collapse too: they are layout, not content, in the
/// text a retriever sees. Shared by the HTML and Markdown readers.
struct CollapsedText {
    /// The text so far.
    private(set) var text = ""
    private var pendingSpace = false
    private var atLineStart = true

    /// True when nothing but whitespace has been appended.
    var isEmpty: Bool { text.isEmpty }

    /// Appends `piece`, collapsing its whitespace.
    mutating func append(_ piece: some StringProtocol) {
        for scalar in piece.unicodeScalars {
            if Self.isCollapsible(scalar) {
                pendingSpace = true
                continue
            }
            appendPendingSpace()
            text.unicodeScalars.append(scalar)
            atLineStart = false
        }
    }

    /// Appends `piece` as written (preformatted text).
    mutating func appendVerbatim(_ piece: some StringProtocol) {
        guard !piece.isEmpty else { return }
        appendPendingSpace()
        text += piece
        atLineStart = text.unicodeScalars.last == "\n"
    }

    /// Appends an explicit line break; a space pending before it is dropped.
    mutating func appendLineBreak() {
        pendingSpace = false
        text.append("\n")
        atLineStart = true
    }

    /// Returns the text and starts over.
    mutating func take() -> String {
        defer { self = CollapsedText() }
        return text
    }

    private mutating func appendPendingSpace() {
        if pendingSpace, !atLineStart { text.append(" ") }
        pendingSpace = false
    }

    /// ASCII whitespace (the HTML standard's definition: tab, LF, FF, CR, space) and U+00A0.
    static func isCollapsible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20, 0xA0: true
        default: false
        }
    }
}
