/// What a piece of a document is. Chunking uses it to keep headings with what follows and tables whole.
package enum ElementKind: String, Sendable, Equatable, CaseIterable, Codable {
    case title
    case heading
    case paragraph
    case listItem = "list_item"
    case table
    case code
}

/// One structural piece of a document: a heading, a paragraph, a list item, a table (rows on lines, cells separated by
/// " | "), a code block. `range` locates `text` in `PartitionedDocument.text`.
package struct Element: Sendable, Equatable {
    /// What the element is.
    package var kind: ElementKind
    /// The element's text (no leading or trailing whitespace).
    package var text: String
    /// The 1-based page the element starts on, for paged formats (PDF).
    package var page: Int?
    /// Heading level 1–6 for titles and headings.
    package var level: Int?
    /// The texts of the headings this element sits under, outermost first.
    package var sectionPath: [String]
    /// Offsets of `text` in the document text, in Unicode scalars (code points).
    package var range: Range<Int>

    /// Creates an element; `DocumentBuilder` computes `range`.
    package init(kind: ElementKind, text: String, page: Int?, level: Int?, sectionPath: [String], range: Range<Int>) {
        self.kind = kind
        self.text = text
        self.page = page
        self.level = level
        self.sectionPath = sectionPath
        self.range = range
    }
}

/// Descriptive metadata found in a document (PDF Info/XMP, DOCX core properties, HTML meta…). Absent fields stay nil.
package struct DocumentMetadata: Sendable, Equatable {
    package var title: String?
    package var author: String?
    package var subject: String?
    package var keywords: String?
    /// RFC 3339, when the document says when it was created.
    package var createdAt: String?
    /// RFC 3339, when the document says when it was last modified.
    package var modifiedAt: String?
    /// BCP 47 language tag, when declared.
    package var language: String?
    /// Pages of a paged format.
    package var pageCount: Int?
    /// The producing software.
    package var producer: String?
    /// Anything else worth keeping (e.g. CSV column names).
    package var extra: [String: String] = [:]

    /// Empty metadata.
    package init() {}
}

/// A partitioned document: its elements, their concatenated text, and its metadata.
package struct PartitionedDocument: Sendable, Equatable {
    /// The elements in reading order.
    package var elements: [Element]
    /// Every element's text joined by blank lines ("\n\n"); element ranges index into it.
    package var text: String
    /// Descriptive metadata.
    package var metadata: DocumentMetadata
    /// The format the document was read as.
    package var format: DocumentFormat

    /// Creates a document (use `DocumentBuilder` so ranges and text agree).
    package init(elements: [Element], text: String, metadata: DocumentMetadata, format: DocumentFormat) {
        self.elements = elements
        self.text = text
        self.metadata = metadata
        self.format = format
    }
}
