@testable import Chunking
import Partition

/// Small hand-built documents whose token counts are known: sentence `i` of `prose` is "S<i> w1 … w<n-1>." — `n`
/// words and a period, so `n + 1` tokens.
enum Fixtures {
    static let counter = WhitespaceTokenCounter()

    static func document(_ build: (inout DocumentBuilder) -> Void) -> PartitionedDocument {
        var builder = DocumentBuilder(format: .text)
        build(&builder)
        return builder.build()
    }

    static func prose(sentences: Int, words: Int = 9, from first: Int = 0) -> String {
        (first..<(first + sentences)).map { index in
            (["S\(index)"] + (1..<words).map { "w\($0)" }).joined(separator: " ") + "."
        }.joined(separator: " ")
    }

    static func chunk(_ document: PartitionedDocument, _ options: ChunkingOptions) -> [Chunk] {
        Chunker.chunk(document, options: options, counter: counter)
    }

    static func tokens(_ text: String) -> Int { counter.count(Substring(text)) }

    /// Whether every chunk starts and ends between grapheme clusters of `text`.
    static func cutsBetweenClusters(_ chunks: [Chunk], of text: String) -> Bool {
        let boundaries = characterBoundaries(text)
        return chunks.allSatisfy { boundaries.isSuperset(of: [$0.range.lowerBound, $0.range.upperBound]) }
    }

    /// Offsets (in scalars) where a grapheme cluster of `text` starts, plus the end.
    static func characterBoundaries(_ text: String) -> Set<Int> {
        var boundaries: Set<Int> = [0]
        var offset = 0
        for character in text {
            offset += character.unicodeScalars.count
            boundaries.insert(offset)
        }
        return boundaries
    }
}
