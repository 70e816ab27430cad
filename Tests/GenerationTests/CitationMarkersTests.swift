import Generation
import Testing

@Suite("Citation markers")
struct CitationMarkersTests {
    @Test func findsSingleListedAndAdjacentMarkers() {
        let text = "Iron binds oxygen [1]. Both [2, 3][4] agree; [x] [] [12345] [7 are not markers."
        #expect(CitationMarkers.find(in: text).map(\.marker) == [1, 2, 3, 4])
    }

    @Test func markersPointingAtNoSourceAreDroppedAndCounted() {
        let check = CitationMarkers.check("Iron binds oxygen [1]. Lava is hot [9]. Both [1, 7].", markers: [1, 2])
        #expect(check.text == "Iron binds oxygen [1]. Lava is hot. Both [1].")
        #expect(check.valid == 2)
        #expect(check.invalid == 2)
        #expect(check.accuracy == 0.5)
        #expect(CitationMarkers.check("No citations here.", markers: [1]).accuracy == 1)
    }
}
