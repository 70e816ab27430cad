@testable import Chunking
import Partition

/// Checks chunks against the document they came from, independently of how the chunker computes them, and returns a
/// description of every violation (empty when all hold). `exactTokens` says the document has no word longer than a
/// chunk, so the summed token count must equal a fresh count of the text.
struct ChunkInvariants {
    let document: PartitionedDocument
    let options: ChunkingOptions
    let chunks: [Chunk]
    var exactTokens = true
    private let scalars: [Unicode.Scalar]
    private let counter = WhitespaceTokenCounter()

    init(_ document: PartitionedDocument, _ options: ChunkingOptions, _ chunks: [Chunk], exactTokens: Bool = true) {
        self.document = document
        self.options = options
        self.chunks = chunks
        self.exactTokens = exactTokens
        scalars = Array(document.text.unicodeScalars)
    }

    /// Every violation found.
    func violations() -> [String] {
        var problems: [String] = []
        for (position, chunk) in chunks.enumerated() { problems += check(chunk, at: position) }
        let leaves = chunks.filter { $0.role != .parent }
        problems += coverage(leaves, "chunks")
        if options.strategy == .parentChild {
            let parents = chunks.filter { $0.role == .parent }
            problems += coverage(parents, "parents")
            problems += sequence(parents, overlap: 0)
            problems += parentLinks()
        } else {
            problems += sequence(chunks, overlap: options.chunkOverlap)
        }
        return problems
    }

    /// Size in the configured unit of a scalar range of the document.
    func measure(_ range: Range<Int>) -> Int {
        options.unit == .chars ? range.count : counter.count(Substring(text(range)))
    }

    func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }

    private func check(_ chunk: Chunk, at position: Int) -> [String] {
        var problems: [String] = []
        let name = "chunk \(chunk.index)"
        if chunk.index != position { problems.append("\(name) at position \(position)") }
        guard chunk.range.lowerBound >= 0, chunk.range.upperBound <= scalars.count, !chunk.range.isEmpty else {
            return problems + ["\(name) range \(chunk.range) outside 0..<\(scalars.count)"]
        }
        if Array(chunk.text.unicodeScalars) != Array(scalars[chunk.range]) {
            problems.append("\(name) text differs from the document at \(chunk.range)")
        }
        let limit = chunk.role == .parent ? options.parentChunkSize : options.chunkSize
        let measured = measure(chunk.range)
        if options.unit == .chars && chunk.tokenCount != chunk.range.count {
            problems.append("\(name) tokenCount \(chunk.tokenCount) ≠ \(chunk.range.count) scalars")
        }
        if options.unit == .tokens && (exactTokens ? chunk.tokenCount != measured : chunk.tokenCount < measured) {
            problems.append("\(name) tokenCount \(chunk.tokenCount) vs counted \(measured)")
        }
        if chunk.tokenCount > limit || measured > limit { problems.append("\(name) size \(measured) > \(limit)") }
        let trims = !(options.strategy == .fixed && options.unit == .chars)
        if trims, chunk.text.unicodeScalars.first!.properties.isWhitespace
            || chunk.text.unicodeScalars.last!.properties.isWhitespace {
            problems.append("\(name) starts or ends with whitespace")
        }
        let touched = document.elements.indices.filter { document.elements[$0].range.overlaps(chunk.range) }
        if let first = touched.first, let last = touched.last {
            if chunk.page != document.elements[first].page || chunk.pageEnd != document.elements[last].page {
                problems.append("\(name) pages \(String(describing: chunk.page))–\(String(describing: chunk.pageEnd))")
            }
            var path = first
            while path < last && document.elements[path].isHeading { path += 1 }
            let element = document.elements[path]
            let expected = element.isHeading ? element.sectionPath + [element.text] : element.sectionPath
            if chunk.sectionPath != expected { problems.append("\(name) section \(chunk.sectionPath) ≠ \(expected)") }
        }
        if chunk.role == .parent ? options.strategy != .parentChild
            : (chunk.role == .child) != (options.strategy == .parentChild) {
            problems.append("\(name) role \(chunk.role)")
        }
        return problems
    }

    /// Every non-whitespace scalar of `range` (default: the whole text) lies in one of `chunks`.
    private func coverage(_ chunks: [Chunk], _ what: String, within range: Range<Int>? = nil) -> [String] {
        let range = range ?? 0..<scalars.count
        var depth = [Int](repeating: 0, count: range.count + 1)
        for chunk in chunks {
            let clamped = chunk.range.clamped(to: range)
            guard !clamped.isEmpty else { continue }
            depth[clamped.lowerBound - range.lowerBound] += 1
            depth[clamped.upperBound - range.lowerBound] -= 1
        }
        var running = 0
        for offset in range {
            running += depth[offset - range.lowerBound]
            if running == 0 && !scalars[offset].properties.isWhitespace {
                return ["\(what) miss offset \(offset) (\(scalars[offset]))"]
            }
        }
        return []
    }

    /// Consecutive chunks move forward and overlap by at most `overlap`.
    private func sequence(_ chunks: [Chunk], overlap: Int) -> [String] {
        var problems: [String] = []
        for (before, after) in zip(chunks, chunks.dropFirst()) {
            if after.range.lowerBound <= before.range.lowerBound || after.range.upperBound <= before.range.upperBound {
                problems.append("chunks \(before.index), \(after.index) do not move forward")
            } else if after.range.lowerBound < before.range.upperBound {
                let shared = measure(after.range.lowerBound..<before.range.upperBound)
                if shared > overlap { problems.append("chunks \(before.index), \(after.index) overlap by \(shared)") }
            }
        }
        return problems
    }

    /// Each parent is followed by at least one child; children name the parent before them and lie inside it.
    private func parentLinks() -> [String] {
        var problems: [String] = []
        var parent: Chunk?
        var children: [Chunk] = []
        func finish() {
            guard let parent else { return }
            if children.isEmpty { problems.append("parent \(parent.index) has no children") }
            problems += coverage(children, "children of \(parent.index)", within: parent.range)
            problems += sequence(children, overlap: options.chunkOverlap)
        }
        for chunk in chunks {
            if chunk.role == .parent {
                finish()
                parent = chunk
                children = []
                continue
            }
            guard let current = parent, chunk.parentIndex == current.index else {
                problems.append("child \(chunk.index) names \(String(describing: chunk.parentIndex))")
                continue
            }
            if current.range.clamped(to: chunk.range) != chunk.range {
                problems.append("child \(chunk.index) \(chunk.range) outside parent \(current.range)")
            }
            children.append(chunk)
        }
        finish()
        return problems
    }
}
