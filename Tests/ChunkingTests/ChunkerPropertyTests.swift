@testable import Chunking
import Partition
import Testing

/// Every strategy in both units over seeded documents: the invariants of `ChunkInvariants` and the structural rules
/// of each strategy.
@Suite struct ChunkerPropertyTests {
    static let recipes: [(name: String, recipe: GeneratedDocuments.Recipe)] = [
        ("plain", .init()),
        ("unicode", .init(unicode: true)),
        ("giant words", .init(giantWords: true)),
    ]

    static func optionSets(_ strategy: ChunkingStrategy, _ unit: ChunkUnit) -> [ChunkingOptions] {
        switch unit {
        case .tokens:
            [ChunkingOptions(strategy: strategy, chunkSize: 64, chunkOverlap: 12, unit: unit, parentChunkSize: 200),
             ChunkingOptions(strategy: strategy, chunkSize: 256, chunkOverlap: 32, unit: unit, parentChunkSize: 1024),
             ChunkingOptions(strategy: strategy, chunkSize: 100, chunkOverlap: 0, unit: unit, parentChunkSize: 300)]
        case .chars:
            [ChunkingOptions(strategy: strategy, chunkSize: 300, chunkOverlap: 40, unit: unit, parentChunkSize: 1200),
             ChunkingOptions(strategy: strategy, chunkSize: 1000, chunkOverlap: 0, unit: unit, parentChunkSize: 4000)]
        }
    }

    @Test(arguments: ChunkingStrategy.allCases, ChunkUnit.allCases)
    func invariantsHold(strategy: ChunkingStrategy, unit: ChunkUnit) {
        for (name, recipe) in Self.recipes {
            for seed in UInt64(1)...2 {
                var generator = GeneratedDocuments(seed: seed &* 7919 &+ UInt64(name.count), recipe: recipe)
                let document = generator.make()
                for options in Self.optionSets(strategy, unit) {
                    let chunks = Chunker.chunk(document, options: options, counter: WhitespaceTokenCounter())
                    let checks = ChunkInvariants(document, options, chunks, exactTokens: !recipe.giantWords)
                    var problems = checks.violations()
                    let leaves = chunks.filter { $0.role != .parent }
                    if strategy != .fixed {
                        problems += checks.danglingHeadings(leaves)
                        problems += checks.rowViolations(chunks)
                        problems += checks.missingOverlaps(leaves)
                    }
                    if strategy == .recursive || strategy == .parentChild {
                        problems += checks.sectionViolations(chunks)
                    }
                    if strategy == .fixed && unit == .tokens { problems += checks.missingOverlaps(leaves) }
                    #expect(chunks.count > 1, "\(name) seed \(seed) \(options): \(chunks.count) chunks")
                    let report = problems.prefix(6).joined(separator: "\n")
                    #expect(problems.isEmpty, "\(name) seed \(seed) \(options):\n\(report)")
                }
            }
        }
    }

    @Test(arguments: ChunkingStrategy.allCases, ChunkUnit.allCases)
    func deterministic(strategy: ChunkingStrategy, unit: ChunkUnit) {
        var generator = GeneratedDocuments(seed: 99, recipe: .init(unicode: true))
        let document = generator.make()
        let options = Self.optionSets(strategy, unit)[0]
        let first = Chunker.chunk(document, options: options, counter: WhitespaceTokenCounter())
        let second = Chunker.chunk(document, options: options, counter: WhitespaceTokenCounter())
        #expect(first == second)
        #expect(first.map(\.index) == Array(first.indices))
    }
}
