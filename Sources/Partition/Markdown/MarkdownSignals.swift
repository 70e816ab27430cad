/// Whether plain-looking text is Markdown. Strong signals only: a structural block (an ATX heading, a code fence, a
/// GFM table, front matter) together with at least one other kind of Markdown (list items, links, emphasis, block
/// quotes, another structural kind), or three or more ATX headings. Prose with a stray `#` or `*` stays text.
enum MarkdownSignals {
    /// Lines examined.
    static let maxLines = 400

    private enum Signal: Hashable {
        case heading, fence, table, frontMatter, listItem, link, emphasis, quote

        var isStructural: Bool {
            switch self {
            case .heading, .fence, .table, .frontMatter: true
            default: false
            }
        }
    }

    /// True when `text` shows strong Markdown signals.
    static func areStrong(in text: String) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(maxLines)
            .map(MarkdownLine.init)
        var signals: Set<Signal> = []
        var headings = 0
        if MarkdownFrontMatter(lines.map(\.text)).lineCount > 0 { signals.insert(.frontMatter) }
        for (index, line) in lines.enumerated() where !line.isBlank {
            if line.atxHeading != nil, line.content.hasPrefix("#") {
                signals.insert(.heading)
                headings += 1
            }
            if line.openingFence != nil { signals.insert(.fence) }
            if line.listItem != nil, !line.isThematicBreak { signals.insert(.listItem) }
            if line.blockQuoteContent != nil { signals.insert(.quote) }
            if index + 1 < lines.count, line.content.contains("|"),
               let columns = lines[index + 1].tableDelimiterColumns,
               columns == MarkdownLine.tableCells(line.content).count {
                signals.insert(.table)
            }
            if let open = line.content.firstRange(of: "]("), line.content[..<open.lowerBound].contains("["),
               line.content[open.upperBound...].contains(")") {
                signals.insert(.link)
            }
            if Self.hasStrongEmphasis(line.content) { signals.insert(.emphasis) }
        }
        return headings >= 3 || (signals.contains { $0.isStructural } && signals.count >= 2)
    }

    /// `**text**` or `__text__` on one line.
    private static func hasStrongEmphasis(_ line: Substring) -> Bool {
        for marker in ["**", "__"] {
            guard let open = line.firstRange(of: marker) else { continue }
            let rest = line[open.upperBound...]
            if let close = rest.firstRange(of: marker), close.lowerBound > rest.startIndex,
               rest[rest.startIndex] != " " {
                return true
            }
        }
        return false
    }
}
