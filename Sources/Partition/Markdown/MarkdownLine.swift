/// One source line and the CommonMark block structure it can start (CommonMark 0.31 §4–5; tables from GFM §4.10).
/// Indentation is counted in columns with tabs to the next multiple of 4 (§2.2).
struct MarkdownLine {
    /// The line without its line ending.
    let text: Substring
    /// Columns of leading whitespace.
    let indent: Int
    /// The line after its leading whitespace.
    let content: Substring

    init(_ text: Substring) {
        self.text = text
        var columns = 0
        var index = text.startIndex
        while index < text.endIndex, text[index] == " " || text[index] == "\t" {
            columns = text[index] == "\t" ? (columns / 4 + 1) * 4 : columns + 1
            index = text.index(after: index)
        }
        indent = columns
        content = text[index...]
    }

    /// True for a line of whitespace only.
    var isBlank: Bool { content.isEmpty }

    /// The line with up to `columns` columns of indentation removed (a tab that straddles the cut counts whole).
    func dropping(columns: Int) -> Substring {
        var removed = 0
        var index = text.startIndex
        while index < text.endIndex, removed < columns, text[index] == " " || text[index] == "\t" {
            removed = text[index] == "\t" ? (removed / 4 + 1) * 4 : removed + 1
            index = text.index(after: index)
        }
        return text[index...]
    }

    /// An ATX heading (§4.2): 1–6 `#` then a space or the end, the optional closing `#` run removed.
    var atxHeading: (level: Int, text: Substring)? {
        guard indent <= 3 else { return nil }
        let hashes = content.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        var rest = content.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        rest = rest.drop { $0 == " " || $0 == "\t" }
        while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
        let closing = rest.reversed().prefix { $0 == "#" }.count
        if closing == rest.count {
            rest = rest.prefix(0)
        } else if closing > 0, let before = rest.dropLast(closing).last, before == " " || before == "\t" {
            rest = rest.dropLast(closing)
        }
        return (hashes.count, rest)
    }

    /// An opening code fence (§4.5): three or more backticks or tildes; a backtick fence's info string has none.
    var openingFence: (marker: Character, length: Int)? {
        guard indent <= 3, let marker = content.first, marker == "`" || marker == "~" else { return nil }
        let length = content.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        if marker == "`", content.dropFirst(length).contains("`") { return nil }
        return (marker, length)
    }

    /// True when the line closes a fence opened with `marker` × `length`.
    func closesFence(_ marker: Character, _ length: Int) -> Bool {
        guard indent <= 3 else { return false }
        let run = content.prefix { $0 == marker }.count
        return run >= length && content.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// A thematic break (§4.1): three or more `*`, `-` or `_`, optionally spaced.
    var isThematicBreak: Bool {
        guard indent <= 3, let marker = content.first, "*-_".contains(marker) else { return false }
        var count = 0
        for character in content {
            if character == marker { count += 1 } else if character != " " && character != "\t" { return false }
        }
        return count >= 3
    }

    /// The level of a setext heading underline (§4.3): `=` for 1, `-` for 2.
    var setextLevel: Int? {
        guard indent <= 3, let marker = content.first, marker == "=" || marker == "-" else { return nil }
        let run = content.prefix { $0 == marker }
        guard content.dropFirst(run.count).allSatisfy({ $0 == " " || $0 == "\t" }) else { return nil }
        return marker == "=" ? 1 : 2
    }

    /// A list item marker (§5.2): `-`, `+`, `*`, or 1–9 digits and `.` or `)`, followed by whitespace or the end.
    /// `contentIndent` is the column where the item's content starts.
    var listItem: (ordered: Bool, number: Int?, contentIndent: Int, content: Substring)? {
        guard let first = content.first else { return nil }
        var markerLength = 0
        var number: Int?
        if "-+*".contains(first) {
            markerLength = 1
        } else {
            let digits = content.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let delimiter = content.dropFirst(digits.count).first,
                  delimiter == "." || delimiter == ")" else { return nil }
            markerLength = digits.count + 1
            number = Int(digits)
        }
        let afterMarker = content.dropFirst(markerLength)
        guard afterMarker.isEmpty || afterMarker.first == " " || afterMarker.first == "\t" else { return nil }
        let spaces = afterMarker.prefix { $0 == " " || $0 == "\t" }.count
        let body = afterMarker.dropFirst(spaces)
        // §5.2 rule 2: five or more spaces after the marker start indented code; the content then begins after one.
        let padding = body.isEmpty || spaces > 4 ? 1 : spaces
        return (number != nil, number, indent + markerLength + padding, body)
    }

    /// A block quote line (§5.1): `>` and one optional space, stripped.
    var blockQuoteContent: Substring? {
        guard indent <= 3, content.first == ">" else { return nil }
        let rest = content.dropFirst()
        return rest.first == " " ? rest.dropFirst() : rest
    }

    /// The number of columns of a GFM table delimiter row (`| --- | :-: |`), nil when the line is not one.
    var tableDelimiterColumns: Int? {
        guard indent <= 3, content.contains("-") else { return nil }
        let cells = MarkdownLine.tableCells(content)
        for cell in cells {
            let dashes = MarkdownLine.trimmed(cell).drop { $0 == ":" }.reversed().drop { $0 == ":" }
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
        }
        return cells.count
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed(_ text: Substring) -> Substring {
        var start = text.startIndex, end = text.endIndex
        while start < end, text[start] == " " || text[start] == "\t" { start = text.index(after: start) }
        while end > start, text[text.index(before: end)] == " " || text[text.index(before: end)] == "\t" {
            end = text.index(before: end)
        }
        return text[start..<end]
    }

    /// The cells of a table row: outer pipes removed, split on pipes not escaped with a backslash.
    static func tableCells(_ row: Substring) -> [Substring] {
        var row = trimmed(row)
        if row.first == "|" { row = row.dropFirst() }
        if row.last == "|", row.dropLast().last != "\\" { row = row.dropLast() }
        var cells: [Substring] = []
        var start = row.startIndex
        var index = row.startIndex
        var escaped = false
        while index < row.endIndex {
            if !escaped, row[index] == "|" {
                cells.append(row[start..<index])
                start = row.index(after: index)
            }
            escaped = !escaped && row[index] == "\\"
            index = row.index(after: index)
        }
        cells.append(row[start...])
        return cells
    }
}
