@testable import Chunking
import Partition
import Testing

@Suite struct RecursiveChunkingTests {
    let small = ChunkingOptions(chunkSize: 64, chunkOverlap: 0)

    @Test func headingStaysWithItsBody() {
        let document = Fixtures.document {
            $0.append(.title, "Title")
            $0.append(.heading, "Intro")
            $0.append(.paragraph, Fixtures.prose(sentences: 30))
        }
        let chunks = Fixtures.chunk(document, small)
        #expect(chunks[0].range.lowerBound == 0)
        #expect(chunks[0].text.hasPrefix("Title\n\nIntro\n\nS0 w1"))
        #expect(chunks[0].tokenCount > 32)
        #expect(chunks.allSatisfy { $0.sectionPath == ["Title", "Intro"] })
        #expect(ChunkInvariants(document, small, chunks).sectionViolations(chunks).isEmpty)
    }

    @Test func headingJoinsTheFirstRowsOfALargeTable() {
        let rows = (0..<12).map { "r\($0) a | b | c" }.joined(separator: "\n")   // 7 tokens a row
        let document = Fixtures.document {
            $0.append(.heading, "Prices")
            $0.append(.table, rows)
        }
        let chunks = Fixtures.chunk(document, small)
        #expect(chunks.count == 2)
        #expect(chunks[0].text.hasPrefix("Prices\n\nr0 a | b | c\nr1"))
        #expect(chunks.allSatisfy { $0.text.hasSuffix(" c") })
        #expect(ChunkInvariants(document, small, chunks).rowViolations(chunks).isEmpty)
    }

    /// A row that fits a chunk alone is never cut to keep a heading company: row integrity wins.
    @Test func headingBeforeARowTooBigToShareStaysAlone() {
        let row = (0..<20).map { "c\($0)" }.joined(separator: " | ")   // 39 tokens
        let document = Fixtures.document {
            $0.append(.heading, Fixtures.prose(sentences: 4, words: 7))   // 32 tokens
            $0.append(.table, row)
        }
        let chunks = Fixtures.chunk(document, small)
        #expect(chunks.map(\.text) == [document.elements[0].text, row])
    }

    @Test func oversizedRowsAndLinesAreSplitAtWords() {
        let row = (0..<80).map { "c\($0)" }.joined(separator: " | ")   // 159 tokens
        let document = Fixtures.document { $0.append(.table, "a | b\n" + row + "\nc | d") }
        let chunks = Fixtures.chunk(document, small)
        #expect(chunks.count >= 3)
        #expect(chunks.allSatisfy { $0.tokenCount <= 64 })
        #expect(ChunkInvariants(document, small, chunks).violations().isEmpty)
    }

    @Test func codeLinesStayWhole() {
        let code = (0..<40).map { "let value\($0) = compute(\($0))" }.joined(separator: "\n")
        let document = Fixtures.document { $0.append(.code, code) }
        let options = ChunkingOptions(chunkSize: 64, chunkOverlap: 8)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count > 3)
        #expect(chunks.allSatisfy { $0.text.hasSuffix(")") })
        #expect(ChunkInvariants(document, options, chunks).rowViolations(chunks).isEmpty)
    }

    @Test func sectionsStartNewChunksWithoutOverlap() {
        let document = Fixtures.document {
            for section in 0..<3 {
                $0.append(.heading, "Section \(section)")
                $0.append(.paragraph, Fixtures.prose(sentences: 2, from: section * 2))
            }
        }
        let options = ChunkingOptions(chunkSize: 256, chunkOverlap: 32)
        let chunks = Fixtures.chunk(document, options)
        let expected = [0, 1, 2].map { "Section \($0)\n\n" + Fixtures.prose(sentences: 2, from: $0 * 2) }
        #expect(chunks.map(\.text) == expected)
        #expect(chunks.map(\.sectionPath) == [["Section 0"], ["Section 1"], ["Section 2"]])
    }

    @Test func chunksStayAboveHalfTheSizeAndTheTailIsBalanced() {
        let document = Fixtures.document {
            for paragraph in 0..<12 { $0.append(.paragraph, Fixtures.prose(sentences: 1 + paragraph % 5, words: 5)) }
        }
        for overlap in [0, 10] {
            let options = ChunkingOptions(chunkSize: 64, chunkOverlap: overlap)
            let chunks = Fixtures.chunk(document, options)
            #expect(chunks.dropLast().allSatisfy { $0.tokenCount >= 32 }, "overlap \(overlap)")
            #expect(chunks.last!.tokenCount >= 16, "overlap \(overlap)")
            #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
        }
        let tail = Fixtures.document { $0.append(.paragraph, Fixtures.prose(sentences: 12, words: 5)) }   // 72 tokens
        let sizes = Fixtures.chunk(tail, small).map(\.tokenCount)
        #expect(sizes == [36, 36])
    }

    @Test func overlapStartsOnASentenceWhenOneIsInBudget() {
        let document = Fixtures.document { $0.append(.paragraph, Fixtures.prose(sentences: 40, words: 5)) }
        let options = ChunkingOptions(chunkSize: 64, chunkOverlap: 16)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count > 3)
        for (before, after) in zip(chunks, chunks.dropFirst()) {
            #expect(after.range.lowerBound < before.range.upperBound)
            #expect(after.text.hasPrefix("S"))
            #expect(Fixtures.tokens(String(after.text.prefix(before.range.upperBound - after.range.lowerBound))) == 12)
        }
    }

    @Test func pagesSpanTheElementsTouched() {
        let document = Fixtures.document {
            for page in 1...3 { $0.append(.paragraph, Fixtures.prose(sentences: 2, from: page * 2), page: page) }
            $0.append(.paragraph, Fixtures.prose(sentences: 4, from: 8), page: 4)
        }
        let chunks = Fixtures.chunk(document, small)
        #expect(chunks.map(\.page) == [1, 4])
        #expect(chunks.map(\.pageEnd) == [3, 4])
    }
}
