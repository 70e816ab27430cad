import Partition

/// A document's text as a sequence of atoms — words (runs of non-whitespace; every CJK ideograph on its own), cut
/// further at sentence starts and, when a word alone exceeds a chunk, by `WordCutter` — each with the strongest
/// boundary before it and its token count. Every strategy packs atoms, so a chunk always starts and ends on one, and
/// the size of any run of atoms is O(1): a difference of prefix sums in tokens, a difference of offsets in chars.
/// Token counts are taken once per word, never per chunk.
struct DocumentAtoms {
    /// What kind of element an atom lies in, as far as packing cares.
    enum AtomKind {
        /// Paragraphs, list items, and text outside any element.
        case prose
        /// Titles and headings.
        case heading
        /// Tables and code.
        case structured
    }

    /// The document text, one element per scalar.
    let scalars: [Unicode.Scalar]
    /// What `measure` returns.
    let unit: ChunkUnit
    /// Scalar offset where each atom starts.
    var starts: [Int] = []
    /// Scalar offset where each atom ends.
    var ends: [Int] = []
    /// The `Boundary` level before each atom.
    var levels: [UInt8] = []
    /// Whether each atom lies in a table or code element.
    var structured: [Bool] = []
    /// `headingsBefore[i]` is the number of atoms in `0..<i` that lie in titles or headings.
    var headingsBefore: [Int] = [0]
    /// `tokensBefore[i]` is the number of tokens in atoms `0..<i` (tokens unit only).
    var tokensBefore: [Int] = [0]
    /// Atom indices where sections start, the first being 0; a section runs to the next one.
    var sectionStarts: [Int] = []

    /// In tokens, a word weighs at least one token per this many scalars. A tokenizer counts a 100 kB base64 blob or
    /// minified line as a handful of tokens (WordPiece: one `[UNK]`); the floor keeps such a chunk a readable size
    /// (at most 32 × chunk size scalars of words) and never changes the count of real words.
    static let maxScalarsPerToken = 32

    /// The atoms of `text` (whose scalars are `scalars`) structured by `elements` (ordered, non-overlapping). No atom
    /// measures more than `atomLimit` in `unit`.
    init(text: String, scalars: [Unicode.Scalar], elements: [Element], unit: ChunkUnit, atomLimit: Int,
         counter: any TokenCounter) {
        self.scalars = scalars
        self.unit = unit
        let scanner = AtomScanner(text: text, scalars: scalars, elements: elements,
                                  marks: BoundaryMarks(elements: elements, scalars: scalars), unit: unit,
                                  atomLimit: atomLimit, counter: counter)
        scanner.scan(into: &self)
    }

    /// The number of atoms.
    var count: Int { starts.count }

    /// The size of atoms `first..<end` in `unit` (whitespace between them counts in chars, not in tokens).
    func measure(_ first: Int, _ end: Int) -> Int {
        unit == .tokens ? tokensBefore[end] - tokensBefore[first] : ends[end - 1] - starts[first]
    }

    /// Whether atom `index` lies in a title or heading.
    func isHeading(_ index: Int) -> Bool { headingsBefore[index + 1] > headingsBefore[index] }

    /// Whether atoms `first..<end` all lie in titles or headings.
    func onlyHeadings(_ first: Int, _ end: Int) -> Bool { headingsBefore[end] - headingsBefore[first] == end - first }

    /// The sections as atom ranges.
    var sections: [Range<Int>] {
        sectionStarts.indices.map { sectionStarts[$0]..<($0 + 1 < sectionStarts.count ? sectionStarts[$0 + 1] : count) }
    }

    /// The scalar offsets of atoms `first..<end`.
    func scalarRange(_ first: Int, _ end: Int) -> Range<Int> {
        starts[first]..<ends[end - 1]
    }

    /// Appends an atom; the first one always starts a section.
    mutating func append(start: Int, end: Int, level: UInt8, kind: AtomKind, tokens: Int) {
        let level = starts.isEmpty ? Boundary.section : level
        if level == Boundary.section { sectionStarts.append(starts.count) }
        starts.append(start)
        ends.append(end)
        levels.append(level)
        structured.append(kind == .structured)
        headingsBefore.append(headingsBefore[headingsBefore.count - 1] + (kind == .heading ? 1 : 0))
        if unit == .tokens { tokensBefore.append(tokensBefore[tokensBefore.count - 1] + tokens) }
    }
}
