import Partition

/// Builds `DocumentAtoms` in one pass over the text, walking scalar offsets and `String` indices in step so each word
/// can be counted as a `Substring` without copying.
struct AtomScanner {
    private let text: String
    private let elementRanges: [Range<Int>]
    private let elementKinds: [DocumentAtoms.AtomKind]
    private let marks: BoundaryMarks
    private let cutter: WordCutter

    /// An atom being read: where it starts, in both index spaces, and what it inherits.
    private struct OpenAtom {
        var start: Int
        var index: String.Index
        var level: UInt8
        var kind: DocumentAtoms.AtomKind
    }

    /// A scanner of `text` structured by `elements` (ordered, non-overlapping) with their `marks`.
    init(text: String, scalars: [Unicode.Scalar], elements: [Element], marks: BoundaryMarks, unit: ChunkUnit,
         atomLimit: Int, counter: any TokenCounter) {
        self.text = text
        elementRanges = elements.map(\.range)
        elementKinds = elements.map { $0.isHeading ? .heading : $0.isStructured ? .structured : .prose }
        self.marks = marks
        cutter = WordCutter(text: text, scalars: scalars, unit: unit, limit: atomLimit, counter: counter)
    }

    /// Fills `atoms` (which holds the scalars) with atoms.
    func scan(into atoms: inout DocumentAtoms) {
        let scalars = atoms.scalars
        let marks = marks.marks
        var markIndex = 0, elementIndex = 0
        var pendingLevel = Boundary.word
        var open: OpenAtom?
        var index = text.unicodeScalars.startIndex
        for offset in scalars.indices {
            let scalar = scalars[offset]
            var marked = false
            while markIndex < marks.count, marks[markIndex].offset <= offset {
                pendingLevel = min(pendingLevel, marks[markIndex].level)
                marked = true
                markIndex += 1
            }
            if let current = open, scalar.isSpace || marked || Self.breaksCJK(scalars[offset - 1], scalar) {
                // A mark inside a run (a CJK sentence start) ends the atom before this scalar too.
                close(current, at: offset, index: index, into: &atoms)
                open = nil
            }
            if open == nil && !scalar.isSpace {
                while elementIndex < elementRanges.count, elementRanges[elementIndex].upperBound <= offset {
                    elementIndex += 1
                }
                let inElement = elementIndex < elementRanges.count && elementRanges[elementIndex].contains(offset)
                open = OpenAtom(start: offset, index: index, level: pendingLevel,
                                kind: inElement ? elementKinds[elementIndex] : .prose)
                pendingLevel = Boundary.word
            }
            text.unicodeScalars.formIndex(after: &index)
        }
        if let current = open { close(current, at: scalars.count, index: index, into: &atoms) }
    }

    /// Whether a word ends between `previous` and `scalar` because either is CJK (each ideograph is a word) — unless
    /// `scalar` attaches to `previous` (a variation selector).
    private static func breaksCJK(_ previous: Unicode.Scalar, _ scalar: Unicode.Scalar) -> Bool {
        if previous.value < 0x3000 && scalar.value < 0x3000 { return false }
        return (scalar.isCJKWordBreaking || previous.isCJKWordBreaking) && !scalar.extendsCluster
    }

    /// Appends the atom `atom.start..<end`, cut into pieces that fit when it does not.
    private func close(_ atom: OpenAtom, at end: Int, index endIndex: String.Index, into atoms: inout DocumentAtoms) {
        if let tokens = cutter.tokensIfFits(atom.index..<endIndex, length: end - atom.start) {
            atoms.append(start: atom.start, end: end, level: atom.level, kind: atom.kind, tokens: tokens)
            return
        }
        var level = atom.level
        for piece in cutter.pieces(atom.start, end, from: atom.index) {
            atoms.append(start: piece.start, end: piece.end, level: level, kind: atom.kind, tokens: piece.tokens)
            level = Boundary.atom
        }
    }
}
