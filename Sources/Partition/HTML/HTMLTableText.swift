/// A table being read: cells collected row by row into the `Element` table convention (rows on lines, cells joined
/// by " | "). Text outside any cell — a caption, or stray text the standard would foster-parent before the table
/// (§13.2.6.1) — is kept as a caption.
struct HTMLTableText {
    private var rows: [[String]] = []
    private var row: [String]?
    private var cell: CollapsedText?
    private var caption = CollapsedText()
    /// True inside `caption`.
    var inCaption = false

    /// Appends text to the open cell, else to the caption.
    mutating func append(_ text: String) {
        if !inCaption, cell != nil {
            cell?.append(text)
        } else {
            caption.append(text)
        }
    }

    /// Starts a cell (and a row if none is open).
    mutating func openCell() {
        closeCell()
        if row == nil { row = [] }
        cell = CollapsedText()
    }

    /// Ends the open cell, if any.
    mutating func closeCell() {
        guard var open = cell else { return }
        row = (row ?? []) + [DocumentBuilder.trimmed(open.take())]
        cell = nil
    }

    /// Ends the open row, keeping it when any cell has text.
    mutating func closeRow() {
        closeCell()
        if let open = row, open.contains(where: { !$0.isEmpty }) { rows.append(open) }
        row = nil
    }

    /// The caption and the rows' cells.
    mutating func finish() -> (caption: String, rows: [[String]]) {
        closeRow()
        return (DocumentBuilder.trimmed(caption.take()), rows)
    }
}
