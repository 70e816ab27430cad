@testable import Embedding
import Testing

@Suite struct HashEmbedderTests {
    private func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test func unitLengthDeterministicAndModelNamed() throws {
        let embedder = HashEmbedder(dimensions: 384)
        #expect(embedder.model == "hash-384")
        let vectors = try embedder.embed(["Protein folding in yeast cells.", "Protein folding in yeast cells.", ""])
        #expect(vectors.count == 3 && vectors.allSatisfy { $0.count == 384 })
        #expect(abs(cosine(vectors[0], vectors[0]) - 1) < 1e-5)
        #expect(vectors[0] == vectors[1])
        #expect(vectors[2].allSatisfy { $0 == 0 }, "no words, no direction")
    }

    @Test func lexicalOverlapMeansCloser() throws {
        let embedder = HashEmbedder()
        let v = try embedder.embed([
            "mitochondrial DNA mutations cause disease",
            "Mutations in mitochondrial DNA and human disease",
            "The stock market fell sharply on Tuesday",
            "proteins", "protein",
        ])
        #expect(cosine(v[0], v[1]) > 0.5)
        #expect(cosine(v[0], v[1]) > cosine(v[0], v[2]) + 0.3)
        #expect(cosine(v[3], v[4]) > 0.3, "trigrams relate inflected forms")
    }

    @Test func unicodeWordsAndLogarithm() {
        #expect(HashEmbedder.words("Café, naïve—Zürich 42!").map { String(decoding: $0, as: UTF8.self) }
            == ["café", "naïve", "zürich", "42"])
        for x: Float in [1, 1.5, 2, 3, 10, 100, 1000] {
            let expected: Float = [1: 0, 1.5: 0.405465, 2: 0.693147, 3: 1.098612, 10: 2.302585, 100: 4.605170, 1000: 6.907755][x]!
            #expect(abs(HashEmbedder.logarithm(x) - expected) < 0.002, "ln \(x)")
        }
    }
}
