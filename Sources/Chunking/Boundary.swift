import Partition

/// How strong a boundary before an atom is, strongest first. A boundary of one level is also one of every weaker
/// level, so "split at level L" means "cut before every atom whose level is ≤ L".
enum Boundary {
    /// A section starts: the first of a run of headings, or the first element.
    static let section: UInt8 = 0
    /// Any other element starts.
    static let element: UInt8 = 1
    /// A sentence starts (prose), or a line (tables and code, whose rows and lines stay whole).
    static let sentence: UInt8 = 2
    /// A word starts.
    static let word: UInt8 = 3
    /// Inside a word too long for one chunk, which `WordCutter` cut.
    static let atom: UInt8 = 4
}

/// Where structure puts boundaries, as scalar offsets in document order: section and element starts, sentence starts
/// in prose, line starts in tables and code.
struct BoundaryMarks {
    /// A boundary of `level` before the scalar at `offset`.
    struct Mark {
        var offset: Int
        var level: UInt8
    }

    /// The marks, ordered by offset.
    private(set) var marks: [Mark] = []

    /// The marks of `elements` (ordered, non-overlapping, within `scalars`).
    init(elements: [Element], scalars: [Unicode.Scalar]) {
        var previousIsHeading = false
        for (position, element) in elements.enumerated() {
            let isHeading = element.isHeading
            // A heading right after another heading joins its section, so a section never holds only a heading.
            let startsSection = position == 0 || (isHeading && !previousIsHeading)
            let level = startsSection ? Boundary.section : Boundary.element
            marks.append(Mark(offset: element.range.lowerBound, level: level))
            previousIsHeading = isHeading
            if element.isStructured {
                appendLineStarts(in: element.range, of: scalars)
            } else {
                for sentence in SentenceSplitter.sentenceRanges(in: scalars, element.range).dropFirst() {
                    marks.append(Mark(offset: sentence.lowerBound, level: Boundary.sentence))
                }
            }
        }
    }

    /// Marks the first non-blank scalar of every line after the first.
    private mutating func appendLineStarts(in range: Range<Int>, of scalars: [Unicode.Scalar]) {
        var offset = range.lowerBound
        var afterBreak = false
        while offset < range.upperBound {
            let scalar = scalars[offset]
            if scalar.isLineBreak {
                afterBreak = true
            } else if afterBreak && !scalar.isSpace {
                marks.append(Mark(offset: offset, level: Boundary.sentence))
                afterBreak = false
            }
            offset += 1
        }
    }
}
