/// A chunk as atom indices: `start..<end`, of which `start..<newStart` repeats the end of the chunk before (overlap).
struct Span: Equatable {
    var start: Int
    var newStart: Int
    var end: Int
}

/// Atoms packed on their own — a section, a parent, or the whole document; no chunk crosses its ends, and overlap never
/// reaches back past its start. `level` is the boundary level of the region as a whole (it is split at the next one).
struct Region {
    var start: Int
    var end: Int
    var level: UInt8
}

/// Greedy packing of structured pieces into chunks of at most `size`. A region starts as one piece; a piece that does
/// not fit is split at the next boundary level (elements → sentences or lines → words → scalars) only when it must be:
/// when it alone exceeds a chunk, when the chunk so far is only headings (so a heading stays with its body), or when
/// the chunk is less than `fillBelow` and the piece is coarser than `fillLevel` (so chunks stay close to the size
/// without cutting sentences or table rows to do it). A chunk never ends with a heading that could start the next one.
/// Each chunk after the first repeats up to `overlap` of the end of the one before, starting on a word (or sentence)
/// boundary and shrinking when the chunk needs the room.
struct Packer {
    let atoms: DocumentAtoms
    let size: Int
    let overlap: Int
    /// The finest level that splitting to fill a chunk may produce.
    let fillLevel: UInt8
    /// Below this a chunk is worth filling by splitting the next piece.
    let fillBelow: Int
    /// Whether overlap prefers to start on a sentence (or line) when that keeps at least half of it.
    let prefersSentenceOverlap: Bool
    /// Whether headings are kept with their bodies and small tails are balanced (structure-aware packing).
    let followsStructure: Bool

    /// Structure first: chunks under half the size are filled by splitting elements at sentences (or rows), never
    /// sentences at words. Packs sections (recursive, parents, children) and, given a region of level `element`,
    /// whole sentences (sentence strategy).
    static func structured(_ atoms: DocumentAtoms, size: Int, overlap: Int) -> Packer {
        Packer(atoms: atoms, size: size, overlap: overlap, fillLevel: Boundary.sentence, fillBelow: size / 2,
               prefersSentenceOverlap: true, followsStructure: true)
    }

    /// As many whole words as fit, every time (a region of level `sentence` is split into words).
    static func wordWindows(_ atoms: DocumentAtoms, size: Int, overlap: Int) -> Packer {
        Packer(atoms: atoms, size: size, overlap: overlap, fillLevel: Boundary.word, fillBelow: size + 1,
               prefersSentenceOverlap: false, followsStructure: false)
    }

    /// A run of atoms delimited at `level`.
    private struct Piece {
        var start: Int
        var end: Int
        var level: UInt8
    }

    /// The chunks of `region`, in order; their new parts tile it.
    func pack(_ region: Region) -> [Span] {
        var spans: [Span] = []
        guard region.end > region.start else { return spans }
        var pending = [Piece(start: region.start, end: region.end, level: region.level)]
        var current: Span?
        while let piece = pending.popLast() {
            if var chunk = current {
                if atoms.measure(chunk.start, piece.end) <= size {
                    chunk.end = piece.end
                    current = chunk
                } else if shouldSplit(piece, toFill: chunk), let parts = split(piece) {
                    pending.append(contentsOf: parts.reversed())
                } else {
                    pending.append(piece)
                    let headings = followsStructure ? trailingHeadings(of: chunk) : chunk.end
                    if headings < chunk.end {
                        pending.append(Piece(start: headings, end: chunk.end, level: Boundary.element))
                        chunk.end = headings
                    }
                    spans.append(chunk)
                    current = nil
                }
            } else if atoms.measure(piece.start, piece.end) > size {
                // Every atom fits, so splitting always makes progress.
                guard let parts = split(piece) else { preconditionFailure("an atom larger than the chunk size") }
                pending.append(contentsOf: parts.reversed())
            } else {
                let start = spans.last.flatMap { overlapStart(after: $0, through: piece.end) } ?? piece.start
                current = Span(start: start, newStart: piece.start, end: piece.end)
            }
        }
        if let current { spans.append(current) }
        if followsStructure { rebalanceTail(&spans) }
        return spans
    }

    /// Whether `piece`, which does not fit after `chunk`, should be split so part of it does.
    private func shouldSplit(_ piece: Piece, toFill chunk: Span) -> Bool {
        if followsStructure && atoms.onlyHeadings(chunk.newStart, chunk.end) {
            // Only headings so far: split down to words, but never a table row or code line that fits a chunk.
            return piece.level < Boundary.word && !(piece.level >= Boundary.sentence && atoms.structured[piece.start])
        }
        return piece.level < fillLevel && atoms.measure(chunk.start, chunk.end) < fillBelow
    }

    /// Where the headings that end `chunk` start, when something else comes before them; else `chunk.end`.
    private func trailingHeadings(of chunk: Span) -> Int {
        var start = chunk.end
        while start > chunk.newStart, atoms.isHeading(start - 1) { start -= 1 }
        return start > chunk.newStart ? start : chunk.end
    }

    /// `piece` cut before every atom with a boundary of the next level, or nil for a single scalar-cut atom.
    private func split(_ piece: Piece) -> [Piece]? {
        guard piece.level < Boundary.atom else { return nil }
        let level = piece.level + 1
        var parts: [Piece] = []
        var start = piece.start
        for index in (piece.start + 1)..<max(piece.start + 1, piece.end) where atoms.levels[index] <= level {
            parts.append(Piece(start: start, end: index, level: level))
            start = index
        }
        parts.append(Piece(start: start, end: piece.end, level: level))
        return parts
    }

    /// Where the chunk after `previous` starts so it repeats at most `overlap` of `previous` and, together with new
    /// atoms up to `end`, still fits; nil for no overlap. The start is the earliest word boundary in budget, or the
    /// earliest sentence boundary when that keeps at least half as much. It stays inside `previous`'s new atoms, so a
    /// chunk never contains the one before it.
    func overlapStart(after previous: Span, through end: Int) -> Int? {
        guard overlap > 0 else { return nil }
        let floor = max(previous.newStart, previous.start + 1)
        var word: Int?, sentence: Int?
        var index = previous.end - 1
        while index >= floor {
            if atoms.measure(index, previous.end) > overlap || atoms.measure(index, end) > size { break }
            let level = atoms.levels[index]
            if level <= Boundary.word {
                word = index
                if level <= Boundary.sentence { sentence = index }
            }
            index -= 1
        }
        guard let word else { return nil }
        if prefersSentenceOverlap, let sentence,
           atoms.measure(sentence, previous.end) * 2 >= atoms.measure(word, previous.end) {
            return sentence
        }
        return word
    }
}
