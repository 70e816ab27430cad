import Partition

/// Turns scalar ranges into `Chunk`s: copies the text, numbers them in order, and reads page and section path from
/// the elements the range touches.
struct ChunkAssembler {
    private let text: String
    private let scalars: [Unicode.Scalar]
    private let elements: [Element]
    /// A scalar offset and the UTF-8 offset of the same place. Chunks arrive almost in order, so walking this cursor
    /// to each boundary costs about one pass over the text, and the text is then copied as bytes, not scalar by scalar.
    private var cursor = (scalar: 0, utf8: 0)
    /// The chunks so far.
    private(set) var chunks: [Chunk] = []

    /// An assembler for `text`, whose scalars are `scalars`, structured by `elements` (ordered, non-overlapping).
    init(text: String, scalars: [Unicode.Scalar], elements: [Element]) {
        self.text = text
        self.scalars = scalars
        self.elements = elements
    }

    /// Appends the chunk at `range` and returns its index.
    @discardableResult
    mutating func append(_ range: Range<Int>, tokenCount: Int, role: ChunkRole, parentIndex: Int? = nil) -> Int {
        let first = firstElement(endingAfter: range.lowerBound)
        let last = max(first, lastElement(startingBefore: range.upperBound))
        let index = chunks.count
        let utf8 = text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: utf8Offset(of: range.lowerBound))
        let upper = utf8.index(utf8.startIndex, offsetBy: utf8Offset(of: range.upperBound))
        chunks.append(Chunk(index: index, text: String(decoding: utf8[lower..<upper], as: UTF8.self), range: range,
                            tokenCount: tokenCount, page: first < elements.count ? elements[first].page : nil,
                            pageEnd: last < elements.count ? elements[last].page : nil,
                            sectionPath: sectionPath(first: first, last: last), role: role, parentIndex: parentIndex))
        return index
    }

    /// The UTF-8 offset of the scalar at `offset`, walking the cursor there.
    private mutating func utf8Offset(of offset: Int) -> Int {
        while cursor.scalar < offset {
            cursor.utf8 += UTF8.width(scalars[cursor.scalar])
            cursor.scalar += 1
        }
        while cursor.scalar > offset {
            cursor.scalar -= 1
            cursor.utf8 -= UTF8.width(scalars[cursor.scalar])
        }
        return cursor.utf8
    }

    /// The path of the first element, or — when the chunk opens with headings — of the first element after them,
    /// which includes those headings; a chunk of nothing but headings sits under its last one.
    private func sectionPath(first: Int, last: Int) -> [String] {
        guard first < elements.count else { return [] }
        var position = first
        while position < last, elements[position].isHeading { position += 1 }
        let element = elements[position]
        return element.isHeading ? element.sectionPath + [element.text] : element.sectionPath
    }

    /// The first element whose range ends after `offset` (`elements.count` when none does).
    private func firstElement(endingAfter offset: Int) -> Int {
        var low = 0, high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if elements[middle].range.upperBound > offset { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The last element whose range starts before `offset` (-1 when none does).
    private func lastElement(startingBefore offset: Int) -> Int {
        var low = 0, high = elements.count
        while low < high {
            let middle = (low + high) / 2
            if elements[middle].range.lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }
}

extension Element {
    /// Titles and headings, which open sections.
    var isHeading: Bool { kind == .title || kind == .heading }

    /// Tables and code, whose rows and lines stay whole.
    var isStructured: Bool { kind == .table || kind == .code }
}
