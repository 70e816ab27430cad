/// Turns HTML tokens into elements: a stack of open elements with the standard's implied end tags (a `<p>` closes an
/// open `p`, an `<li>` the previous `li`, a `<td>` the previous cell), blocks flushed at block boundaries with their
/// kind taken from the innermost heading, list item or `pre`, tables gathered row by row, and dropped or hidden
/// subtrees skipped. Unmatched end tags are ignored and whatever is open at the end is closed, so any tag soup reads.
struct HTMLBlockReader {
    /// The document so far.
    private(set) var builder = DocumentBuilder(format: .html)
    private let budget: PartitionBudget
    private let dropsForms: Bool
    private var allowance: TextAllowance
    private var stack: [String] = []
    /// Stack index of the outermost dropped element being skipped.
    private var droppedFrom: Int?
    private var inline = CollapsedText()
    private var tables: [HTMLTableText] = []
    private var preDepth = 0
    private var atPreStart = false
    private var inTitle = false
    private var firstHeading: String?
    private var openGraphTitle: String?

    /// A reader; `dropsForms` false keeps `form` content (see `HTMLPartitioner`).
    init(budget: PartitionBudget, dropsForms: Bool) {
        self.budget = budget
        self.dropsForms = dropsForms
        allowance = TextAllowance(budget.limits)
    }

    /// Feeds one token.
    mutating func consume(_ token: HTMLTokenizer.Token) throws(PartitionError) {
        let preStart = atPreStart
        atPreStart = false
        switch token {
        case .startTag(let name, let attributes, let selfClosing):
            try start(name, attributes, selfClosing: selfClosing)
        case .endTag("br"): try start("br", [:], selfClosing: false)
        case .endTag(let name):
            if let index = stack.lastIndex(of: name) { try close(downTo: index) }
        case .text(let text): appendText(preStart && text.hasPrefix("\n") ? String(text.dropFirst()) : text)
        }
    }

    /// Closes everything still open and finishes the metadata.
    mutating func finish() throws(PartitionError) {
        try close(downTo: 0)
        try flush()
        if builder.metadata.title == nil { builder.metadata.title = openGraphTitle ?? firstHeading }
    }

    private var isDropping: Bool { droppedFrom != nil }

    private mutating func start(_ name: String, _ attributes: [String: String],
                                selfClosing: Bool) throws(PartitionError) {
        if name == "meta" || name == "html" { readMetadata(name, attributes) }
        if HTMLElements.void.contains(name) {
            guard !isDropping else { return }
            if name == "br" { lineBreak() }
            if name == "hr" { try flush() }
            return
        }
        try closeImplied(by: name)
        let drops = (HTMLElements.dropped.contains(name) && (dropsForms || name != "form"))
            || HTMLElements.isHidden(attributes)
        if !isDropping, HTMLElements.block.contains(name) { try flush() }
        // "/>" closes SVG and MathML elements (§13.2.6.5); for skipped content it is honoured too, since an element
        // without content has nothing to skip. On other HTML elements it means nothing (§13.2.5.40).
        if selfClosing, isDropping || drops || HTMLElements.foreign.contains(name) { return }
        guard stack.count < budget.limits.maxNestingDepth else {
            throw .nestingLimit("HTML elements more than \(budget.limits.maxNestingDepth) deep")
        }
        if !isDropping, drops { droppedFrom = stack.count }
        stack.append(name)
        guard !isDropping else { return }
        switch name {
        case "title": inTitle = true
        case "pre", "listing":
            preDepth += 1
            atPreStart = true
        case "table": tables.append(HTMLTableText())
        case "caption": tables.indices.last.map { tables[$0].inCaption = true }
        case "tr", "tbody", "thead", "tfoot": tables.indices.last.map { tables[$0].closeRow() }
        case "td", "th": tables.indices.last.map { tables[$0].openCell() }
        default: break
        }
    }

    /// The implied end tags of the standard's tree construction (§13.2.6.4.7) for the start tag `name`.
    private mutating func closeImplied(by name: String) throws(PartitionError) {
        if HTMLElements.closesParagraph.contains(name) { try closeOpen(["p"], within: HTMLElements.scopeBoundaries) }
        switch name {
        case "li": try closeOpen(["li"], within: HTMLElements.scopeBoundaries.union(["ul", "ol", "menu"]))
        case "dt", "dd": try closeOpen(["dt", "dd"], within: HTMLElements.scopeBoundaries.union(["dl"]))
        case "td", "th": try closeOpen(["td", "th"], within: ["table", "tr"])
        case "tr", "tbody", "thead", "tfoot": try closeOpen(["td", "th", "tr"], within: ["table"])
        case _ where HTMLElements.headingLevels[name] != nil:
            if let top = stack.last, HTMLElements.headingLevels[top] != nil { try close(downTo: stack.count - 1) }
        default: break
        }
    }

    /// Closes the innermost open element among `names` unless a boundary comes first. Inside skipped content the
    /// search stops at the skipped element, which may itself be closed (a hidden `p` ends at the next `<p>`).
    private mutating func closeOpen(_ names: Set<String>, within boundaries: Set<String>) throws(PartitionError) {
        for index in stack.indices.reversed() where index >= (droppedFrom ?? 0) {
            if names.contains(stack[index]) { return try close(downTo: index) }
            if boundaries.contains(stack[index]) { return }
        }
    }

    /// Pops the stack down to (and including) `index`, ending each element.
    private mutating func close(downTo index: Int) throws(PartitionError) {
        while stack.count > index {
            let name = stack[stack.count - 1]
            if droppedFrom == stack.count - 1 {
                droppedFrom = nil
            } else if !isDropping {
                try end(name)
            }
            stack.removeLast()
        }
    }

    /// Ends element `name`, still on the stack so the flushed block sees it.
    private mutating func end(_ name: String) throws(PartitionError) {
        if HTMLElements.block.contains(name) { try flush() }
        switch name {
        case "title": inTitle = false
        case "pre", "listing": preDepth -= 1
        case "caption": tables.indices.last.map { tables[$0].inCaption = false }
        case "td", "th": tables.indices.last.map { tables[$0].closeCell() }
        case "tr": tables.indices.last.map { tables[$0].closeRow() }
        case "table":
            guard var table = tables.popLast() else { break }
            let (caption, rows) = table.finish()
            if tables.isEmpty {
                try builder.append(.paragraph, caption, within: &allowance)
                try builder.append(.table, rows.map { $0.joined(separator: " | ") }.joined(separator: "\n"),
                                   within: &allowance)
            } else {
                // A nested table flattens into the enclosing cell as words, so its separators cannot be mistaken for
                // the outer table's.
                tables[tables.count - 1].append(([caption] + rows.joined()).joined(separator: " "))
            }
        default: break
        }
    }

    private mutating func appendText(_ text: String) {
        if inTitle {
            if builder.metadata.title == nil {
                var title = CollapsedText()
                title.append(text)
                builder.metadata.title = DocumentBuilder.trimmed(title.text)
            }
            return
        }
        guard !isDropping else { return }
        if let last = tables.indices.last {
            tables[last].append(text)
        } else if preDepth > 0 {
            inline.appendVerbatim(text)
        } else {
            inline.append(text)
        }
    }

    private mutating func lineBreak() {
        if let last = tables.indices.last { tables[last].append(" ") } else { inline.appendLineBreak() }
    }

    /// Emits the pending inline text as an element whose kind the innermost heading, list item or `pre` decides.
    /// Inside a table cell a block boundary only separates words.
    private mutating func flush() throws(PartitionError) {
        if let last = tables.indices.last {
            tables[last].append(" ")
            return
        }
        let text = inline.take()
        guard !DocumentBuilder.trimmed(text).isEmpty else { return }
        for name in stack.reversed() {
            if let level = HTMLElements.headingLevels[name] {
                if level == 1, firstHeading == nil { firstHeading = DocumentBuilder.trimmed(text) }
                return try builder.append(.heading, text, level: level, within: &allowance)
            }
            if name == "li" { return try builder.append(.listItem, text, within: &allowance) }
            if name == "pre" || name == "listing" { return try builder.append(.code, text, within: &allowance) }
        }
        try builder.append(.paragraph, text, within: &allowance)
    }

    /// `<html lang>` and `<meta name=… content=…>` (description, author, keywords, generator; Open Graph title and
    /// description as fallbacks).
    private mutating func readMetadata(_ name: String, _ attributes: [String: String]) {
        if name == "html" {
            if builder.metadata.language == nil, let lang = attributes["lang"], !lang.isEmpty {
                builder.metadata.language = lang
            }
            return
        }
        guard let key = (attributes["name"] ?? attributes["property"])?.lowercased(),
              let content = attributes["content"].map(DocumentBuilder.trimmed), !content.isEmpty else { return }
        switch key {
        case "description": builder.metadata.subject = content
        case "og:description": builder.metadata.subject = builder.metadata.subject ?? content
        case "author": builder.metadata.author = content
        case "keywords": builder.metadata.keywords = content
        case "generator": builder.metadata.producer = content
        case "og:title": openGraphTitle = openGraphTitle ?? content
        default: break
        }
    }
}
