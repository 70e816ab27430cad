/// Cuts a block into paragraphs and joins their lines. A paragraph starts at a first-line indent, after a short line
/// in justified text, and at a bulleted or numbered line (which makes a list item). Lines join with a space, except
/// that a line ending in a hyphen after a letter, followed by a lowercase letter, is a word split across lines and
/// joins without the hyphen (as poppler's pdftotext does), while "Schwarz-" + "Weiß" keeps it ("Schwarz-Weiß").
struct ParagraphBuilder {
    func paragraphs(in block: TextBlock, page: Int) -> [TextParagraph] {
        let lines = block.lines
        guard !lines.isEmpty else { return [] }
        let size = max(block.size, 0.1)
        let justified = isJustified(block)
        var result: [TextParagraph] = []
        var current: [LayoutLine] = []
        var currentIsList = false
        var listTextStart = 0.0
        for (index, line) in lines.enumerated() {
            let bullet = ListMarker.isMarker(line.text)
            var breaks = false
            if index > 0, let previous = current.last {
                if bullet {
                    breaks = true
                } else if currentIsList {
                    // A list item continues while its lines stay indented past the marker.
                    breaks = line.minX < listTextStart - 0.5 * size
                } else {
                    // A first-line indent moves only the left edge; a centred line (a title's second line) moves both.
                    let indented = line.minX > block.minX + 0.9 * size && line.minX < block.minX + 8 * size
                        && previous.minX <= block.minX + 0.5 * size && line.maxX >= block.maxX - 2 * size
                    let shortPrevious = justified && previous.maxX < block.maxX - 2 * size
                    breaks = indented || shortPrevious
                }
            }
            if breaks {
                result.append(paragraph(current, isList: currentIsList, page: page))
                current = []
            }
            if current.isEmpty {
                currentIsList = bullet
                listTextStart = line.minX + 1.0 * size
            }
            current.append(line)
        }
        if !current.isEmpty { result.append(paragraph(current, isList: currentIsList, page: page)) }
        return result
    }

    /// Most lines (all but the last) end at the block's right edge.
    private func isJustified(_ block: TextBlock) -> Bool {
        guard block.lines.count >= 3 else { return false }
        let body = block.lines.dropLast()
        let flush = body.filter { $0.maxX >= block.maxX - 0.5 * max($0.size, 0.1) }.count
        return flush * 10 >= body.count * 7
    }

    private func paragraph(_ lines: [LayoutLine], isList: Bool, page: Int) -> TextParagraph {
        var scalars: [Unicode.Scalar] = []
        for line in lines {
            if scalars.isEmpty {
                scalars = line.text
                continue
            }
            if Self.endsWithSplitWord(scalars), let first = line.text.first, first.properties.isAlphabetic
                || first.properties.numericType != nil {
                // A lowercase continuation is one word split by the line break; otherwise the hyphen belongs to a
                // compound ("Schwarz-Weiß", "COVID-19") and stays, still without a space.
                if first.properties.isLowercase { scalars.removeLast() }
            } else {
                scalars.append(" ")
            }
            scalars += line.text
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        var sizes: [Double: Int] = [:]
        for line in lines { sizes[line.size, default: 0] += line.text.count }
        let size = sizes.max { $0.value < $1.value }?.key ?? 0
        let characters = max(1, lines.reduce(0) { $0 + $1.text.count })
        let bold = lines.reduce(0.0) { $0 + $1.boldShare * Double($1.text.count) } / Double(characters)
        return TextParagraph(text: String(text), size: size, boldShare: bold, lineCount: lines.count,
                             isListItem: isList, page: page)
    }

    /// A hyphen (or soft hyphen) right after a letter at the end of the text.
    private static func endsWithSplitWord(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count >= 2, let last = scalars.last,
              last == "-" || last == "\u{00AD}" || last == "\u{2010}" else { return false }
        return scalars[scalars.count - 2].properties.isAlphabetic
    }
}
