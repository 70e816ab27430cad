@testable import Embedding
import Testing

/// The Swift encoder against the numpy float64 reference, and its batching and threading invariants.
@Suite struct MiniLMReferenceTests {
    @Test func cosineAgainstTheReferenceForAll200Texts() throws {
        let embedder = try ModelFixture.embedder()
        let cases = ModelFixture.cases
        let vectors = try embedder.embed(cases.map(\.text))
        var worst: Float = 1
        for (item, vector) in zip(cases, vectors) {
            #expect(vector.count == 384)
            let cosine = ModelFixture.cosine(vector, item.vector)
            worst = min(worst, cosine)
            #expect(cosine >= 0.9999, "\(item.text.debugDescription.prefix(80)): cosine \(cosine)")
        }
        print("worst cosine vs reference: \(worst)")
    }
}
