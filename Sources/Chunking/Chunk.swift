/// What a chunk is for.
package enum ChunkRole: String, Sendable, Codable {
    /// A chunk of a flat strategy (recursive, sentence, fixed): embedded and retrieved.
    case chunk
    /// A `parentChild` parent: not embedded; returned as context when one of its children matches.
    case parent
    /// A `parentChild` child: embedded and retrieved; `parentIndex` names its parent.
    case child
}

/// A contiguous piece of a document's text with where it came from. `text` is always exactly the document text at
/// `range`, so citations can be highlighted by offset.
package struct Chunk: Sendable, Equatable {
    /// 0-based, unique within the document, stable for the same input and options.
    package var index: Int
    /// Exactly `document.text[range]` (in Unicode scalars) — never rewritten.
    package var text: String
    /// Unicode-scalar offsets into the document text.
    package var range: Range<Int>
    /// Tokens by the counter (a word longer than 32 scalars per token weighs one token per 32 scalars), or the
    /// scalar count in `ChunkUnit.chars`.
    package var tokenCount: Int
    /// Page of the first element the chunk touches (paged formats).
    package var page: Int?
    /// Page of the last element the chunk touches.
    package var pageEnd: Int?
    /// The headings the chunk sits under, outermost first; a chunk that opens with headings includes them.
    package var sectionPath: [String]
    /// Whether this is a flat chunk, a parent or a child.
    package var role: ChunkRole
    /// For children, the `index` of their parent.
    package var parentIndex: Int?

    /// Creates a chunk.
    package init(index: Int, text: String, range: Range<Int>, tokenCount: Int, page: Int?, pageEnd: Int?,
                 sectionPath: [String], role: ChunkRole, parentIndex: Int?) {
        self.index = index
        self.text = text
        self.range = range
        self.tokenCount = tokenCount
        self.page = page
        self.pageEnd = pageEnd
        self.sectionPath = sectionPath
        self.role = role
        self.parentIndex = parentIndex
    }
}
