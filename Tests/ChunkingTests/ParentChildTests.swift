@testable import Chunking
import Partition
import Testing

@Suite struct ParentChildTests {
    let options = ChunkingOptions(strategy: .parentChild, chunkSize: 64, chunkOverlap: 8, parentChunkSize: 256)

    @Test func parentsAreFollowedByTheirChildren() {
        let document = Fixtures.document {
            $0.append(.title, "Manual")
            for paragraph in 0..<40 {
                $0.append(.paragraph, Fixtures.prose(sentences: 3, words: 7, from: paragraph * 3))
            }
        }
        let chunks = Fixtures.chunk(document, options)
        let parents = chunks.filter { $0.role == .parent }
        #expect(parents.count >= 3)
        #expect(parents.allSatisfy { $0.tokenCount <= 256 })
        #expect(parents.dropLast().allSatisfy { $0.tokenCount > 128 })
        #expect(chunks[0].role == .parent && chunks[1].parentIndex == 0)
        for child in chunks where child.role == .child {
            let parent = chunks[child.parentIndex!]
            #expect(parent.role == .parent && parent.index < child.index)
            #expect(parent.range.clamped(to: child.range) == child.range)
            #expect(child.tokenCount <= 64)
        }
        #expect(ChunkInvariants(document, options, chunks).violations().isEmpty)
    }

    @Test func childrenOverlapOnlyInsideTheirParent() {
        let document = Fixtures.document { $0.append(.paragraph, Fixtures.prose(sentences: 80, words: 5)) }
        let chunks = Fixtures.chunk(document, options)
        for (before, after) in zip(chunks, chunks.dropFirst()) where before.role == .child && after.role == .child {
            if before.parentIndex == after.parentIndex {
                #expect(after.range.lowerBound < before.range.upperBound)
            } else {
                #expect(after.range.lowerBound >= before.range.upperBound)
            }
        }
        let parents = chunks.filter { $0.role == .parent }
        #expect(zip(parents, parents.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound })
    }

    @Test func aSmallSectionIsAParentWithOneIdenticalChild() {
        let document = Fixtures.document {
            $0.append(.heading, "Short")
            $0.append(.paragraph, Fixtures.prose(sentences: 2))
        }
        let chunks = Fixtures.chunk(document, options)
        #expect(chunks.map(\.role) == [.parent, .child])
        #expect(chunks[0].range == chunks[1].range && chunks[1].parentIndex == 0)
        #expect(chunks[1].sectionPath == ["Short"])
    }
}
