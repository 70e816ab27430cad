/// The block structure of a Markdown document (CommonMark 0.31 §4–5, GFM tables), read line by line into elements:
/// ATX and setext headings, paragraphs, list items (one element per item, nested items separately), fenced and
/// indented code, block quotes (their text as paragraphs), GFM tables, HTML comments skipped, link reference
/// definitions collected for the inline pass. Container nesting is flattened rather than recursed into, so deep
/// nesting costs nothing.
struct MarkdownBlockReader {
    private let lines: [MarkdownLine]
    private let budget: PartitionBudget
    private let references: Set<String>
    private var index: Int
    private var paragraph: [Substring] = []
    private var allowance: TextAllowance
    /// The document so far.
    private(set) var builder = DocumentBuilder(format: .markdown)
    /// The text of the first level-1 heading (a title when the front matter has none).
    private(set) var firstTitle: String?

    init(lines: [Substring], from start: Int, budget: PartitionBudget) {
        self.lines = lines.map(MarkdownLine.init)
        self.budget = budget
        index = start
        allowance = TextAllowance(budget.limits)
        references = Self.referenceLabels(self.lines)
    }

    /// Reads every block.
    mutating func run() throws(PartitionError) {
        while index < lines.count {
            try budget.check()
            try step(lines[index])
        }
        try flushParagraph()
    }

    private mutating func step(_ line: MarkdownLine) throws(PartitionError) {
        if line.isBlank {
            try flushParagraph()
            index += 1
        } else if line.indent >= 4, paragraph.isEmpty {
            try indentedCode()
        } else if let fence = line.openingFence {
            try flushParagraph()
            try fencedCode(fence.marker, fence.length, indent: line.indent)
        } else if let heading = line.atxHeading {
            try flushParagraph()
            try emitHeading(heading.text, level: heading.level)
            index += 1
        } else if !paragraph.isEmpty, let level = line.setextLevel {
            let text = paragraph.joined(separator: "\n")
            paragraph = []
            try emitHeading(text[...], level: level)
            index += 1
        } else if line.isThematicBreak {
            try flushParagraph()
            index += 1
        } else if line.blockQuoteContent != nil {
            try flushParagraph()
            try blockQuote()
        } else if let item = line.listItem, paragraph.isEmpty || Self.canInterruptParagraph(item) {
            try flushParagraph()
            try listItem(item.content, contentIndent: item.contentIndent)
        } else if let columns = tableHeaderColumns(at: index) {
            try flushParagraph()
            try table(columns: columns)
        } else if paragraph.isEmpty, line.content.hasPrefix("<!--") {
            skipComment()
        } else if paragraph.isEmpty, Self.isReferenceDefinition(line) {
            index += 1
        } else {
            paragraph.append(line.content)
            index += 1
        }
    }

    /// §5.2: a list item interrupts a paragraph only if it has content and, when ordered, starts at 1.
    private static func canInterruptParagraph(_ item: (ordered: Bool, number: Int?, contentIndent: Int,
                                                      content: Substring)) -> Bool {
        !item.content.isEmpty && (!item.ordered || item.number == 1)
    }

    private mutating func flushParagraph() throws(PartitionError) {
        guard !paragraph.isEmpty else { return }
        // A trailing backslash is a hard line break (§6.7); like soft breaks it becomes a space.
        let text = paragraph.map { $0.last == "\\" ? $0.dropLast() : $0 }.joined(separator: "\n")
        paragraph = []
        try emit(.paragraph, MarkdownInline.plainText(text, references: references))
    }

    private mutating func emitHeading(_ raw: Substring, level: Int) throws(PartitionError) {
        let text = MarkdownInline.plainText(raw, references: references)
        let trimmed = DocumentBuilder.trimmed(text)
        if level == 1, firstTitle == nil, !trimmed.isEmpty { firstTitle = trimmed }
        try emit(.heading, text, level: level)
    }

    private mutating func emit(_ kind: ElementKind, _ text: String, level: Int? = nil) throws(PartitionError) {
        try builder.append(kind, text, level: level, within: &allowance)
    }

    /// §4.4: lines indented four or more columns, blank lines inside kept, trailing blank lines dropped.
    private mutating func indentedCode() throws(PartitionError) {
        var code: [Substring] = []
        while index < lines.count, lines[index].isBlank || lines[index].indent >= 4 {
            code.append(lines[index].isBlank ? "" : lines[index].dropping(columns: 4))
            index += 1
        }
        while code.last?.isEmpty == true { code.removeLast() }
        try emit(.code, code.joined(separator: "\n"))
    }

    /// §4.5: to the closing fence or the end of the document; the info string is dropped.
    private mutating func fencedCode(_ marker: Character, _ length: Int, indent: Int) throws(PartitionError) {
        index += 1
        var code: [Substring] = []
        while index < lines.count, !lines[index].closesFence(marker, length) {
            try budget.check()
            code.append(lines[index].dropping(columns: indent))
            index += 1
        }
        index += 1
        try emit(.code, code.joined(separator: "\n"))
    }

    /// §5.1: consecutive `>` lines (nested markers stripped too) and lazy continuation lines; blank quoted lines
    /// separate paragraphs.
    private mutating func blockQuote() throws(PartitionError) {
        var content: [Substring] = []
        while index < lines.count {
            let line = lines[index]
            if var inner = line.blockQuoteContent {
                while let deeper = MarkdownLine(inner).blockQuoteContent { inner = deeper }
                content.append(inner)
            } else if !line.isBlank, let last = content.last, !MarkdownLine.trimmed(last).isEmpty,
                      !isBlockStart(line) {
                content.append(line.content)
            } else {
                break
            }
            index += 1
        }
        var text: [Substring] = []
        for line in content + [""] {
            let stripped = MarkdownLine(line)
            if stripped.isBlank {
                if !text.isEmpty {
                    try emit(.paragraph, MarkdownInline.plainText(text.joined(separator: "\n"), references: references))
                }
                text = []
            } else {
                text.append(stripped.atxHeading?.text ?? stripped.content)
            }
        }
    }

    /// §5.2–5.3: the item's first line, lines indented to its content, lazy continuation lines, and paragraphs after
    /// blank lines while they stay indented. Another list marker, at any indentation, starts the next item.
    private mutating func listItem(_ first: Substring, contentIndent: Int) throws(PartitionError) {
        var text: [Substring] = [first]
        index += 1
        while index < lines.count {
            try budget.check()
            let line = lines[index]
            if line.isBlank {
                guard let next = lines[index...].firstIndex(where: { !$0.isBlank }),
                      lines[next].indent >= contentIndent, lines[next].listItem == nil else { break }
                text.append("")
                index = next
            } else if line.listItem != nil && !line.isThematicBreak {
                break
            } else if line.indent >= contentIndent {
                text.append(line.dropping(columns: contentIndent))
                index += 1
            } else if let last = text.last, !last.isEmpty, !isBlockStart(line) {
                text.append(line.content)
                index += 1
            } else {
                break
            }
        }
        try emit(.listItem, MarkdownInline.plainText(text.joined(separator: "\n"), references: references))
    }

    /// GFM §4.10: a header row followed by a delimiter row with the same number of cells.
    private func tableHeaderColumns(at row: Int) -> Int? {
        guard row + 1 < lines.count, lines[row].content.contains("|"),
              let columns = lines[row + 1].tableDelimiterColumns,
              MarkdownLine.tableCells(lines[row].content).count == columns else { return nil }
        return columns
    }

    /// The header row and body rows up to a blank line or another block; cells padded or cut to the header's count.
    private mutating func table(columns: Int) throws(PartitionError) {
        var rows: [String] = [tableRow(lines[index].content, columns: columns)]
        index += 2
        while index < lines.count, !lines[index].isBlank, !isBlockStart(lines[index]) {
            try budget.check()
            rows.append(tableRow(lines[index].content, columns: columns))
            index += 1
        }
        try emit(.table, rows.filter { !$0.allSatisfy { $0 == " " || $0 == "|" } }.joined(separator: "\n"))
    }

    private func tableRow(_ line: Substring, columns: Int) -> String {
        var cells = MarkdownLine.tableCells(line).prefix(columns).map { cell in
            MarkdownInline.plainText(cell.replacing("\\|", with: "|"), references: references)
        }
        while cells.count < columns { cells.append("") }
        return cells.joined(separator: " | ")
    }

    private mutating func skipComment() {
        while index < lines.count {
            defer { index += 1 }
            if lines[index].text.contains("-->") { return }
        }
    }

    /// True when `line` starts a block that ends a paragraph, list item or quote continuation.
    private func isBlockStart(_ line: MarkdownLine) -> Bool {
        line.atxHeading != nil || line.openingFence != nil || line.isThematicBreak || line.blockQuoteContent != nil
            || line.listItem != nil
    }

    /// §4.7: `[label]: destination` at the start of a paragraph.
    private static func isReferenceDefinition(_ line: MarkdownLine) -> Bool {
        guard line.indent <= 3, line.content.first == "[", let close = line.content.firstIndex(of: "]") else {
            return false
        }
        return line.content[line.content.index(after: close)...].first == ":"
    }

    private static func referenceLabels(_ lines: [MarkdownLine]) -> Set<String> {
        var labels: Set<String> = []
        for line in lines where isReferenceDefinition(line) {
            let close = line.content.firstIndex(of: "]")!
            labels.insert(line.content[line.content.index(after: line.content.startIndex)..<close].lowercased())
        }
        return labels
    }
}
