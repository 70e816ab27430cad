@testable import Chunking
import Foundation
import Testing

@Suite struct ChunkingOptionsTests {
    static let problems: [(options: ChunkingOptions, field: String?)] = [
        (ChunkingOptions(), nil),
        (ChunkingOptions(chunkSize: 16, chunkOverlap: 7), nil),
        (ChunkingOptions(chunkSize: 15), "chunk_size"),
        (ChunkingOptions(chunkSize: 8193), "chunk_size"),
        (ChunkingOptions(chunkSize: 8192, chunkOverlap: 0), nil),
        (ChunkingOptions(chunkSize: 63, unit: .chars), "chunk_size"),
        (ChunkingOptions(chunkSize: 32_769, unit: .chars), "chunk_size"),
        (ChunkingOptions(chunkSize: 1000, chunkOverlap: 100, unit: .chars), nil),
        (ChunkingOptions(chunkOverlap: -1), "chunk_overlap"),
        (ChunkingOptions(chunkSize: 256, chunkOverlap: 128), "chunk_overlap"),
        (ChunkingOptions(chunkSize: 256, chunkOverlap: 127), nil),
        (ChunkingOptions(strategy: .parentChild, chunkSize: 256, parentChunkSize: 256), "parent_chunk_size"),
        (ChunkingOptions(strategy: .parentChild, chunkSize: 256, parentChunkSize: 32_769), "parent_chunk_size"),
        (ChunkingOptions(strategy: .parentChild, chunkSize: 256, parentChunkSize: 257), nil),
        (ChunkingOptions(strategy: .recursive, chunkSize: 256, parentChunkSize: 10), nil),
    ]

    @Test(arguments: problems)
    func problem(options: ChunkingOptions, field: String?) {
        let problem = options.problem()
        #expect(problem?.field == field)
        #expect(problem.map { !$0.message.isEmpty } ?? true)
        #expect(options.clamped().problem() == nil)
        if field == nil { #expect(options.clamped() == options) }
    }

    @Test func clampedOptionsStillChunk() {
        var generator = GeneratedDocuments(seed: 4)
        let document = generator.make()
        let options = ChunkingOptions(strategy: .parentChild, chunkSize: 1, chunkOverlap: 50, parentChunkSize: 0)
        let chunks = Chunker.chunk(document, options: options, counter: WhitespaceTokenCounter())
        #expect(!chunks.isEmpty)
        #expect(chunks.allSatisfy { $0.tokenCount <= ChunkingOptions.tokenSizeLimits.lowerBound + 1 })
    }

    @Test func decodesTheAPIObjectWithDefaults() throws {
        let json = #"{"strategy": "parent_child", "chunk_size": 128, "unit": "chars"}"#
        let options = try JSONDecoder().decode(ChunkingOptions.self, from: Data(json.utf8))
        #expect(options == ChunkingOptions(strategy: .parentChild, chunkSize: 128, chunkOverlap: 32, unit: .chars,
                                           parentChunkSize: 1024))
        let empty = try JSONDecoder().decode(ChunkingOptions.self, from: Data("{}".utf8))
        #expect(empty == ChunkingOptions())
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ChunkingOptions.self, from: Data(#"{"strategy": "semantic"}"#.utf8))
        }
    }

    @Test func encodesSnakeCaseKeys() throws {
        let data = try JSONEncoder().encode(ChunkingOptions(strategy: .parentChild))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let keys: Set<String> = ["strategy", "chunk_size", "chunk_overlap", "unit", "parent_chunk_size"]
        #expect(Set(object?.keys ?? [:].keys) == keys)
        #expect(object?["strategy"] as? String == "parent_child")
        #expect(try JSONDecoder().decode(ChunkingOptions.self, from: data) == ChunkingOptions(strategy: .parentChild))
    }
}
