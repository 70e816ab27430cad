@testable import Chunking
import Partition

/// Structure-aware checks: sections, headings, table rows, overlap presence, fill.
extension ChunkInvariants {
    /// For each element, the number of its section (a heading after a non-heading, or the first element, opens one).
    var sectionOfElement: [Int] {
        var sections: [Int] = []
        var current = -1
        for (position, element) in document.elements.enumerated() {
            if position == 0 || (element.isHeading && !document.elements[position - 1].isHeading) { current += 1 }
            sections.append(current)
        }
        return sections
    }

    /// The elements a chunk touches.
    func touched(_ chunk: Chunk) -> [Int] {
        document.elements.indices.filter { document.elements[$0].range.overlaps(chunk.range) }
    }

    /// Violations of: chunks stay in one section, and never consist only of headings while their section has a body.
    func sectionViolations(_ chunks: [Chunk]) -> [String] {
        let sections = sectionOfElement
        var problems: [String] = []
        for chunk in chunks {
            let elements = touched(chunk)
            if Set(elements.map { sections[$0] }).count > 1 { problems.append("chunk \(chunk.index) spans sections") }
            let section = sections[elements[0]]
            let hasBody = document.elements.indices.contains {
                sections[$0] == section && !document.elements[$0].isHeading
            }
            if hasBody && elements.allSatisfy({ document.elements[$0].isHeading }) {
                problems.append("chunk \(chunk.index) is only headings: \(chunk.text)")
            }
        }
        return problems
    }

    /// Violations of: no chunk but the last ends with a heading (it belongs with the body after it).
    func danglingHeadings(_ chunks: [Chunk]) -> [String] {
        chunks.dropLast().filter { document.elements[touched($0).last!].isHeading && !touched($0).allSatisfy {
            document.elements[$0].isHeading
        } }.map { "chunk \($0.index) ends with a heading" }
    }

    /// Violations of: a chunk ends inside a table or code element only at the end of a row or line, unless that row
    /// is larger than a chunk.
    func rowViolations(_ chunks: [Chunk]) -> [String] {
        let scalars = Array(document.text.unicodeScalars)
        var problems: [String] = []
        for chunk in chunks {
            let end = chunk.range.upperBound
            for element in document.elements where element.isStructured {
                guard element.range.lowerBound < end, end < element.range.upperBound, scalars[end] != "\n" else {
                    continue
                }
                var rowStart = end, rowEnd = end
                while rowStart > element.range.lowerBound, scalars[rowStart - 1] != "\n" { rowStart -= 1 }
                while rowEnd < element.range.upperBound, scalars[rowEnd] != "\n" { rowEnd += 1 }
                let limit = chunk.role == .parent ? options.parentChunkSize : options.chunkSize
                if measure(rowStart..<rowEnd) <= limit {
                    problems.append("chunk \(chunk.index) ends mid-row at \(end)")
                }
            }
        }
        return problems
    }

    /// What the chunker packs by: the measure, except that in tokens each word weighs at least one token per
    /// `maxScalarsPerToken` scalars.
    func weight(_ range: Range<Int>) -> Int {
        guard options.unit == .tokens else { return measure(range) }
        let perToken = DocumentAtoms.maxScalarsPerToken
        return text(range).split(whereSeparator: \.isWhitespace).reduce(0) { total, word in
            total + max(Fixtures.tokens(String(word)), (word.unicodeScalars.count + perToken - 1) / perToken)
        }
    }

    /// Violations of: consecutive chunks of one section (and parent) overlap whenever the last word of the first
    /// fits the overlap and, with the second, the size.
    func missingOverlaps(_ chunks: [Chunk]) -> [String] {
        guard options.chunkOverlap > 0 else { return [] }
        let scalars = Array(document.text.unicodeScalars)
        let sections = sectionOfElement
        var problems: [String] = []
        for (before, after) in zip(chunks, chunks.dropFirst()) where after.range.lowerBound >= before.range.upperBound {
            if before.role == .parent || after.role == .parent { continue }
            if before.parentIndex != after.parentIndex { continue }
            if options.strategy != .sentence && options.strategy != .fixed,
               sections[touched(before).last!] != sections[touched(after).first!] {
                continue
            }
            var word = before.range.upperBound
            while word > before.range.lowerBound, !scalars[word - 1].properties.isWhitespace { word -= 1 }
            if word <= before.range.lowerBound { continue }
            if weight(word..<before.range.upperBound) > options.chunkOverlap { continue }
            if weight(word..<after.range.upperBound) > options.chunkSize { continue }
            problems.append("chunks \(before.index), \(after.index) could overlap from \(word)")
        }
        return problems
    }
}
