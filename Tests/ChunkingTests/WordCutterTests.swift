@testable import Chunking
import Testing

@Suite struct WordCutterTests {
    static let words = [
        String(repeating: "abcdefgh", count: 3000),                       // one letter run: cut by the 32-scalar floor
        String(repeating: "{\"k\":[1,2],\"v\":null}", count: 500),        // minified JSON: cut between runs
        String(repeating: "👨‍👩‍👧🇯🇵e\u{301}", count: 400),                   // clusters of many scalars
        String(repeating: "!", count: 3000) + String(repeating: "z", count: 700),
    ]

    @Test(arguments: words, [ChunkUnit.tokens, .chars])
    func piecesTileTheWordAndFit(word: String, unit: ChunkUnit) {
        let scalars = Array(word.unicodeScalars)
        let limit = 40
        let cutter = WordCutter(text: word, scalars: scalars, unit: unit, limit: limit, counter: Fixtures.counter)
        let pieces = cutter.pieces(0, scalars.count, from: word.startIndex)
        let boundaries = Fixtures.characterBoundaries(word)
        #expect(pieces.first?.start == 0 && pieces.last?.end == scalars.count)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.end == $1.start })
        for piece in pieces {
            let text = String(String.UnicodeScalarView(scalars[piece.start..<piece.end]))
            #expect(piece.end > piece.start && boundaries.contains(piece.end))
            if unit == .chars {
                #expect(piece.end - piece.start <= limit)
            } else {
                #expect(piece.tokens <= limit && piece.tokens >= Fixtures.tokens(text))
                #expect(piece.end - piece.start <= limit * DocumentAtoms.maxScalarsPerToken)
            }
        }
        // Pieces are as large as the limit allows, not crumbs.
        let total = unit == .chars ? scalars.count : pieces.map(\.tokens).reduce(0, +)
        #expect(pieces.count <= 2 * total / limit + 2)
    }
}
