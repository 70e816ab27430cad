/// Walks `w:body` (ECMA-376 Part 1 §17.2.2) in reading order: paragraphs (§17.3.1) become headings, list items or
/// paragraphs; tables (§17.4) become one table element each. Content controls (`w:sdt`) and custom XML wrappers are
/// looked through; text boxes become elements after the paragraph that anchors them.
struct DocxBodyReader {
    private let styles: DocxStyles
    private let budget: PartitionBudget
    private var allowance: TextAllowance
    private static let w = DocxPartitioner.wordNamespaces

    init(styles: DocxStyles, budget: PartitionBudget) {
        self.styles = styles
        self.budget = budget
        allowance = TextAllowance(budget.limits)
    }

    /// Appends the elements of a `w:document` root to `builder`.
    mutating func read(_ document: XMLElement, into builder: inout DocumentBuilder) throws(PartitionError) {
        guard let body = document.child("body", in: Self.w) else { throw .docxInvalid("the document has no body") }
        try readBlocks(of: body, into: &builder)
    }

    private mutating func readBlocks(of container: XMLElement,
                                     into builder: inout DocumentBuilder) throws(PartitionError) {
        for element in container.elements {
            try budget.check()
            guard Self.w.contains(element.namespace ?? "") else { continue }
            switch element.localName {
            case "p": try readParagraph(element, into: &builder)
            case "tbl": try builder.append(.table, tableText(element), within: &allowance)
            case "sdt", "sdtContent", "customXml", "txbxContent": try readBlocks(of: element, into: &builder)
            default: continue
            }
        }
    }

    private mutating func readParagraph(_ paragraph: XMLElement,
                                        into builder: inout DocumentBuilder) throws(PartitionError) {
        var text = ""
        var textBoxes: [XMLElement] = []
        Self.collectRuns(of: paragraph, into: &text, textBoxes: &textBoxes)
        let properties = paragraph.child("pPr", in: Self.w)
        switch role(of: properties) {
        case .title:
            try builder.append(.title, text, level: 1, within: &allowance)
            if builder.metadata.title == nil, !DocumentBuilder.trimmed(text).isEmpty {
                builder.metadata.title = DocumentBuilder.trimmed(text)
            }
        case .heading(let level): try builder.append(.heading, text, level: level, within: &allowance)
        case .listItem: try builder.append(.listItem, text, within: &allowance)
        case .body: try builder.append(.paragraph, text, within: &allowance)
        }
        for box in textBoxes { try readBlocks(of: box, into: &builder) }
    }

    /// The paragraph's role: its style's heading role, else a direct outline level, else a list when it (or its
    /// style) has numbering (`w:numPr` with a non-zero `w:numId`, §17.3.1.19 and §17.9.18).
    private func role(of properties: XMLElement?) -> DocxStyles.Role {
        let styled = styles.role(ofStyle: properties?.child("pStyle", in: Self.w)?.attribute("val"))
        switch styled {
        case .title, .heading: return styled
        case .listItem, .body: break
        }
        if let properties, let level = DocxStyles.outlineLevel(properties) { return .heading(level) }
        if let numbering = properties?.child("numPr", in: Self.w) {
            return numbering.child("numId", in: Self.w)?.attribute("val") == "0" ? .body : .listItem
        }
        return styled
    }

    /// The visible text of a paragraph's runs (§17.3.2): `w:t`, tabs and breaks, through hyperlinks, insertions,
    /// fields' results, smart tags and content controls. Deleted and moved-away text, field instructions and the VML
    /// fallback of drawings (`mc:Fallback`, a duplicate of `mc:Choice`) are skipped; text boxes are handed back.
    private static func collectRuns(of element: XMLElement, into text: inout String, textBoxes: inout [XMLElement]) {
        for child in element.elements {
            let isWord = w.contains(child.namespace ?? "")
            switch (isWord, child.localName) {
            case (true, "t"): text += child.textContent
            case (true, "tab"), (true, "ptab"): text += "\t"
            case (true, "br"), (true, "cr"): text += "\n"
            case (true, "noBreakHyphen"): text += "-"
            case (true, "txbxContent"): textBoxes.append(child)
            case (true, "pPr"), (true, "rPr"), (true, "del"), (true, "moveFrom"), (true, "instrText"),
                 (true, "delText"), (true, "fldChar"), (true, "softHyphen"):
                continue
            case (false, "Fallback"):
                continue
            default:
                collectRuns(of: child, into: &text, textBoxes: &textBoxes)
            }
        }
    }

    /// A table as rows on lines and cells joined by " | " (the `Element` convention). A cell's paragraphs, nested
    /// tables included, are joined by spaces so each row stays on one line; rows without text are dropped.
    private func tableText(_ table: XMLElement) -> String {
        var lines: [String] = []
        for row in Self.unwrapped(table.elements, named: "tr") {
            let cells = Self.unwrapped(row.elements, named: "tc").map { cell in
                var paragraphs: [String] = []
                Self.collectParagraphTexts(of: cell, into: &paragraphs)
                return paragraphs.joined(separator: " ")
            }
            if cells.contains(where: { !$0.isEmpty }) { lines.append(cells.joined(separator: " | ")) }
        }
        return lines.joined(separator: "\n")
    }

    /// The texts of every paragraph below `element`, whitespace-normalized onto one line.
    private static func collectParagraphTexts(of element: XMLElement, into texts: inout [String]) {
        for child in element.elements {
            if child.isNamed("p", in: w) {
                var text = ""
                var boxes: [XMLElement] = []
                collectRuns(of: child, into: &text, textBoxes: &boxes)
                let line = DocumentBuilder.trimmed(text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
                if !line.isEmpty { texts.append(line) }
                for box in boxes { collectParagraphTexts(of: box, into: &texts) }
            } else {
                collectParagraphTexts(of: child, into: &texts)
            }
        }
    }

    /// The `w:tr` or `w:tc` children, looking through content controls and custom XML that may wrap them (§17.5).
    private static func unwrapped(_ elements: [XMLElement], named name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for element in elements where w.contains(element.namespace ?? "") {
            switch element.localName {
            case name: found.append(element)
            case "sdt", "sdtContent", "customXml": found += unwrapped(element.elements, named: name)
            default: continue
            }
        }
        return found
    }
}
