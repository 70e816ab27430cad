@testable import Chunking
import Partition
import Testing

@Suite struct SentenceAndFixedTests {
    @Test func sentenceStrategyPacksWholeSentences() {
        let document = Fixtures.document {
            $0.append(.heading, "Notes")
            $0.append(.paragraph, Fixtures.prose(sentences: 7, words: 6))
            $0.append(.paragraph, Fixtures.prose(sentences: 1, words: 150, from: 7))   // one 151-token sentence
            $0.append(.paragraph, Fixtures.prose(sentences: 9, words: 4, from: 8))
        }
        let options = ChunkingOptions(strategy: .sentence, chunkSize: 64, chunkOverlap: 0)
        let chunks = Fixtures.chunk(document, options)
        let long = document.elements[2].range
        for chunk in chunks where !chunk.range.overlaps(long) {
            #expect(chunk.text.first == "S" || chunk.text.first == "N", "\(chunk.text)")
            #expect(chunk.text.last == ".")
        }
        #expect(chunks.filter { $0.range.overlaps(long) }.count >= 3)
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }

    @Test func sentenceStrategyCrossesSectionsButNotSentences() {
        let document = Fixtures.document {
            for section in 0..<4 {
                $0.append(.heading, "H\(section)")
                $0.append(.paragraph, Fixtures.prose(sentences: 2, words: 4, from: section * 2))
            }
        }
        let options = ChunkingOptions(strategy: .sentence, chunkSize: 64, chunkOverlap: 0)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count == 1)
        #expect(chunks[0].text == document.text)
    }

    @Test func fixedTokenWindowsAreFullAndOverlapExactly() {
        let words = (0..<1000).map { "w\($0)" }.joined(separator: " ")
        let document = Fixtures.document {
            $0.append(.paragraph, words)
            $0.append(.heading, "Ignored structure")
        }
        let options = ChunkingOptions(strategy: .fixed, chunkSize: 50, chunkOverlap: 10)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.dropLast().allSatisfy { $0.tokenCount == 50 })
        #expect(chunks.count == 25)
        for (before, after) in zip(chunks, chunks.dropFirst()) {
            let shared = String(before.text.unicodeScalars.suffix(before.range.upperBound - after.range.lowerBound))
            #expect(Fixtures.tokens(shared) == 10)
        }
        #expect(chunks.last!.text.hasSuffix("w999\n\nIgnored structure"))
    }

    @Test func fixedCharWindowsAreExact() {
        let text = Fixtures.prose(sentences: 60)
        let document = Fixtures.document { $0.append(.paragraph, text) }
        let options = ChunkingOptions(strategy: .fixed, chunkSize: 100, chunkOverlap: 20, unit: .chars)
        let chunks = Fixtures.chunk(document, options)
        let count = text.unicodeScalars.count
        #expect(chunks.map(\.range.lowerBound) == Array(stride(from: 0, to: count - 20, by: 80)))
        #expect(chunks.dropLast().allSatisfy { $0.range.count == 100 })
        #expect(chunks.last!.range.upperBound == count)
    }

    @Test func fixedCharWindowsNeverSplitAGraphemeCluster() {
        let text = String(repeating: "👨‍👩‍👧 e\u{301}\u{302} 🇯🇵🇫🇷 ", count: 60)
        let document = Fixtures.document { $0.append(.paragraph, text) }
        let options = ChunkingOptions(strategy: .fixed, chunkSize: 64, chunkOverlap: 9, unit: .chars)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count > 10)
        #expect(Fixtures.cutsBetweenClusters(chunks, of: document.text))
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }
}
