import Partition

/// Cuts a partitioned document into chunks. Pure and deterministic: the same document, options and counter give the
/// same chunks. Every chunk's text is a contiguous piece of the document text, no chunk measures more than its size,
/// and every non-whitespace scalar of the document lands in at least one chunk (for `parentChild`: one parent and one
/// child).
package enum Chunker {
    /// The chunks of `document`, numbered in order. For `parentChild`, each parent is followed by its children.
    /// Unusable options are clamped to the nearest usable ones (validate with `ChunkingOptions.problem()` first).
    package static func chunk(_ document: PartitionedDocument, options: ChunkingOptions,
                              counter: any TokenCounter) -> [Chunk] {
        let options = options.clamped()
        let scalars = Array(document.text.unicodeScalars)
        let elements = orderedElements(document.elements, scalarCount: scalars.count)
        var assembler = ChunkAssembler(text: document.text, scalars: scalars, elements: elements)
        if options.strategy == .fixed && options.unit == .chars {
            for window in FixedWindows.ranges(in: scalars, size: options.chunkSize, overlap: options.chunkOverlap) {
                assembler.append(window, tokenCount: window.count, role: .chunk)
            }
            return assembler.chunks
        }
        let atoms = DocumentAtoms(text: document.text, scalars: scalars, elements: elements, unit: options.unit,
                                  atomLimit: options.chunkSize, counter: counter)
        @discardableResult
        func append(_ span: Span, role: ChunkRole, parentIndex: Int? = nil) -> Int {
            let range = atoms.scalarRange(span.start, span.end)
            let tokens = options.unit == .tokens ? atoms.measure(span.start, span.end) : range.count
            return assembler.append(range, tokenCount: tokens, role: role, parentIndex: parentIndex)
        }
        let packer = Packer.structured(atoms, size: options.chunkSize, overlap: options.chunkOverlap)
        switch options.strategy {
        case .recursive:
            for section in atoms.sections {
                for span in packer.pack(Region(section, level: Boundary.section)) { append(span, role: .chunk) }
            }
        case .sentence:
            for span in packer.pack(Region(0..<atoms.count, level: Boundary.element)) { append(span, role: .chunk) }
        case .fixed:
            let windows = Packer.wordWindows(atoms, size: options.chunkSize, overlap: options.chunkOverlap)
            for span in windows.pack(Region(0..<atoms.count, level: Boundary.sentence)) { append(span, role: .chunk) }
        case .parentChild:
            let parents = Packer.structured(atoms, size: options.parentChunkSize, overlap: 0)
            for section in atoms.sections {
                for parent in parents.pack(Region(section, level: Boundary.section)) {
                    let parentIndex = append(parent, role: .parent)
                    for child in packer.pack(Region(parent.start..<parent.end, level: Boundary.section)) {
                        append(child, role: .child, parentIndex: parentIndex)
                    }
                }
            }
        }
        return assembler.chunks
    }

    /// The elements that can be trusted for structure: non-empty, inside the text, in order and not overlapping.
    /// `DocumentBuilder` only makes such elements; anything else is skipped rather than trusted (its text is still
    /// chunked, as part of the element before it).
    static func orderedElements(_ elements: [Element], scalarCount: Int) -> [Element] {
        var ordered: [Element] = []
        var end = 0
        for element in elements
        where element.range.lowerBound >= end && element.range.upperBound <= scalarCount && !element.range.isEmpty {
            ordered.append(element)
            end = element.range.upperBound
        }
        return ordered
    }
}

extension Region {
    /// The atoms in `range`, split at `level + 1` first.
    init(_ range: Range<Int>, level: UInt8) {
        self.init(start: range.lowerBound, end: range.upperBound, level: level)
    }
}
