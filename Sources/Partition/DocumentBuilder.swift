/// Assembles a `PartitionedDocument` element by element, keeping the document text and every element's range in step,
/// and tracking the section path from headings. Every partitioner builds through it, so offsets are right by
/// construction.
package struct DocumentBuilder: Sendable {
    private var elements: [Element] = []
    private var text = ""
    private var scalarCount = 0
    /// Open headings as (level, text), outermost first.
    private var headings: [(level: Int, text: String)] = []
    /// Metadata, filled by the partitioner.
    package var metadata = DocumentMetadata()
    /// The format being built.
    package let format: DocumentFormat

    /// An empty document of `format`.
    package init(format: DocumentFormat) {
        self.format = format
    }

    /// Elements added so far.
    package var count: Int { elements.count }

    /// Appends an element. Whitespace around `text` is trimmed and empty texts are skipped. Titles and headings (with
    /// `level`, default 1 for titles and 2 for headings) update the section path of the elements after them.
    package mutating func append(_ kind: ElementKind, _ rawText: String, page: Int? = nil, level: Int? = nil) {
        let content = Self.trimmed(rawText)
        guard !content.isEmpty else { return }
        var headingLevel = level
        if kind == .title || kind == .heading {
            let resolved = max(1, min(6, level ?? (kind == .title ? 1 : 2)))
            headingLevel = resolved
            headings.removeAll { $0.level >= resolved }
        }
        if !text.isEmpty {
            text += "\n\n"
            scalarCount += 2
        }
        let length = content.unicodeScalars.count
        let path = headings.map(\.text)
        elements.append(Element(kind: kind, text: content, page: page, level: headingLevel, sectionPath: path,
                                range: scalarCount..<(scalarCount + length)))
        text += content
        scalarCount += length
        if let headingLevel, kind == .title || kind == .heading {
            headings.append((headingLevel, content))
        }
    }

    /// The finished document.
    package func build() -> PartitionedDocument {
        PartitionedDocument(elements: elements, text: text, metadata: metadata, format: format)
    }

    /// Without leading and trailing whitespace (spaces, tabs, line breaks, no-break spaces).
    static func trimmed(_ text: String) -> String {
        var view = Substring(text)
        while let first = view.first, first.isWhitespace { view.removeFirst() }
        while let last = view.last, last.isWhitespace { view.removeLast() }
        return String(view)
    }
}
