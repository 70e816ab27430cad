@testable import Chunking
import Partition
import Testing

@Suite struct UnicodeChunkingTests {
    @Test(arguments: ChunkingStrategy.allCases, ChunkUnit.allCases)
    func offsetsAreScalarsAndCutsFallBetweenClusters(strategy: ChunkingStrategy, unit: ChunkUnit) {
        let words = ["café", "cafe\u{301}", "👨‍👩‍👧", "🇯🇵🇫🇷", "👍🏽", "e\u{301}\u{302}\u{303}", "한국어", "x\u{200D}y", "ﬁle"]
        let document = Fixtures.document {
            $0.append(.heading, "Ünïcödé 👋")
            for paragraph in 0..<6 {
                let text = (0..<90).map { words[($0 * 7 + paragraph) % words.count] }.joined(separator: " ")
                $0.append(.paragraph, text + " 东京是一个大城市。我们明天见！")
            }
        }
        let options = ChunkingOptions(strategy: strategy, chunkSize: unit == .tokens ? 32 : 96,
                                      chunkOverlap: unit == .tokens ? 6 : 20, unit: unit, parentChunkSize: 200)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count > 10)
        #expect(Fixtures.cutsBetweenClusters(chunks, of: document.text))
        for chunk in chunks {
            let scalars = document.text.unicodeScalars
            let lower = scalars.index(scalars.startIndex, offsetBy: chunk.range.lowerBound)
            let upper = scalars.index(scalars.startIndex, offsetBy: chunk.range.upperBound)
            #expect(chunk.text == String(scalars[lower..<upper]))
        }
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }

    @Test func cjkWithoutSpacesSplitsAtFullStops() {
        let sentences = ["我们明天见。", "这是一个测试！", "東京は大きい都市です。", "本当ですか？"]
        let text = (0..<40).map { sentences[$0 % sentences.count] }.joined()
        let document = Fixtures.document { $0.append(.paragraph, text) }
        let options = ChunkingOptions(strategy: .sentence, chunkSize: 32, chunkOverlap: 0)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count > 5)
        #expect(chunks.allSatisfy { ["。", "！", "？"].contains($0.text.last) && $0.tokenCount <= 32 })
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }

    @Test(arguments: [
        (String(repeating: "a", count: 5000), ChunkUnit.chars),
        (String(repeating: "e\u{301}", count: 700), ChunkUnit.chars),
        (String(repeating: "a.", count: 2000), ChunkUnit.tokens),
        (String(repeating: "b", count: 20_000), ChunkUnit.tokens),
    ])
    func giantWordsAreCutToFit(word: String, unit: ChunkUnit) {
        let document = Fixtures.document {
            $0.append(.paragraph, "Before it. " + word + " after it.")
        }
        for strategy in ChunkingStrategy.allCases {
            let options = ChunkingOptions(strategy: strategy, chunkSize: 64, chunkOverlap: 8, unit: unit,
                                          parentChunkSize: 300)
            let chunks = Fixtures.chunk(document, options)
            #expect(chunks.count > 3)
            #expect(Fixtures.cutsBetweenClusters(chunks, of: document.text))
            let problems = ChunkInvariants(document, options, chunks, exactTokens: false).violations()
            #expect(problems.isEmpty, "\(strategy): \(problems.prefix(3))")
        }
    }

    @Test(arguments: ChunkingStrategy.allCases, ChunkUnit.allCases)
    func emptyDocumentsHaveNoChunks(strategy: ChunkingStrategy, unit: ChunkUnit) {
        let options = ChunkingOptions(strategy: strategy, chunkSize: 64, chunkOverlap: 8, unit: unit,
                                      parentChunkSize: 128)
        #expect(Fixtures.chunk(Fixtures.document { $0.append(.paragraph, "  \n ") }, options).isEmpty)
        let blank = PartitionedDocument(elements: [], text: " \n\n\t", metadata: DocumentMetadata(), format: .text)
        #expect(Fixtures.chunk(blank, options).isEmpty)
    }

    /// Text outside any element (a partitioner bug) is still chunked, never dropped.
    @Test func textWithoutElementsIsStillChunked() {
        let text = Fixtures.prose(sentences: 20)
        let document = PartitionedDocument(elements: [], text: text, metadata: DocumentMetadata(), format: .text)
        let options = ChunkingOptions(chunkSize: 64, chunkOverlap: 8)
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.count >= 3)
        #expect(chunks.allSatisfy { $0.page == nil && $0.sectionPath.isEmpty })
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }
}
