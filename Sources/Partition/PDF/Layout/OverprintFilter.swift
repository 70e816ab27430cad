/// Drops glyphs drawn again on top of themselves: fake bold (the same text painted twice, slightly shifted), shadows
/// and outlines, and stroke-then-fill copies. A glyph is a repeat when another with the same text sits within 0.1 em
/// along the line and 0.2 em across it — poppler's `dupMaxPriDelta`/`dupMaxSecDelta`.
///
/// Glyphs are visited left to right and compared with the kept glyphs just before them; of two copies the one drawn
/// first survives — the same copy for every letter, which keeps words whole. Sorting once and scanning a short window
/// (`maxCandidates`) keeps the filter O(n log n) without hashing.
struct OverprintFilter {
    static let maxCandidates = 32

    func filter(_ chars: [LayoutChar], text: [Unicode.Scalar]) -> [LayoutChar] {
        guard chars.count > 1 else { return chars }
        let order = chars.indices.sorted { chars[$0].minX != chars[$1].minX ? chars[$0].minX < chars[$1].minX : $0 < $1 }
        var keep = [Bool](repeating: true, count: chars.count)
        var kept: [Int] = []
        kept.reserveCapacity(chars.count)
        var anyRepeat = false
        for index in order {
            let current = chars[index]
            guard current.textCount > 0, !current.isSpace else { continue }
            let size = max(current.size, 0.1)
            var examined = 0
            var matched = false
            var position = kept.count - 1
            while position >= 0, examined < Self.maxCandidates {
                let earlier = chars[kept[position]]
                if current.minX - earlier.minX >= 0.1 * size { break }
                if abs(earlier.baseline - current.baseline) < 0.2 * size, sameText(earlier, current, text) {
                    // Of two copies the one drawn first stays, so every letter of a word comes from the same copy.
                    if index < kept[position] {
                        keep[kept[position]] = false
                        kept[position] = index
                    } else {
                        keep[index] = false
                    }
                    anyRepeat = true
                    matched = true
                    break
                }
                position -= 1
                examined += 1
            }
            if !matched { kept.append(index) }
        }
        guard anyRepeat else { return chars }
        return chars.indices.compactMap { keep[$0] ? chars[$0] : nil }
    }

    private func sameText(_ a: LayoutChar, _ b: LayoutChar, _ text: [Unicode.Scalar]) -> Bool {
        a.textCount == b.textCount
            && text[Int(a.textStart)..<Int(a.textStart + a.textCount)]
                == text[Int(b.textStart)..<Int(b.textStart + b.textCount)]
    }
}
