/// Recognises the start of a list item: a bullet glyph, or an enumerator such as `1.`, `2)`, `a)`, `(iv)`, followed
/// by a space.
enum ListMarker {
    private static let bullets: Set<UInt32> = [
        0x2022, 0x25E6, 0x25AA, 0x2023, 0x2043, 0x25CF, 0x25A0, 0x25A1, 0x25CB, 0x2013, 0x002D, 0x002A, 0x00B7,
        0x2219, 0x27A2, 0x2794, 0x25BA, 0xF0B7, 0xF0A7, 0xF0D8, 0xF076, 0xF0FC,
    ]

    static func isMarker(_ text: [Unicode.Scalar]) -> Bool {
        guard let first = text.first else { return false }
        if bullets.contains(first.value) { return text.count > 2 && text[1] == " " }
        guard let space = text.firstIndex(of: " "), space >= 2, space <= 5, space + 1 < text.count else { return false }
        var marker = text[0..<space]
        if marker.first == "(" , marker.last == ")" {
            marker = marker.dropFirst().dropLast()
        } else if marker.last == "." || marker.last == ")" {
            marker = marker.dropLast()
        } else {
            return false
        }
        guard !marker.isEmpty, marker.count <= 3 else { return false }
        if marker.allSatisfy({ $0.properties.numericType != nil && $0.value < 128 }) { return true }
        if marker.count == 1, let letter = marker.first, letter.isASCII, letter.properties.isAlphabetic { return true }
        return marker.allSatisfy { "ivxIVX".unicodeScalars.contains($0) }
    }
}
