/// Which units survive: greedy by score under a token budget, in three passes.
///
/// 1. Each source's best unit, best sources first — a source that matters at all is represented before any source
///    gets a second sentence (optional, `keepBestPerSource`).
/// 2. Every other unit by descending score; one that does not fit is skipped and smaller ones still get their turn.
/// 3. Neighbours of kept units that are bound to them by a reference (`followReferences`): the sentence before a
///    kept one that opens with "It", "This", "However"… (its antecedent), and the sentence after a kept one when that
///    sentence opens so (its continuation). One step only, and only what fits.
///
/// Only units scoring at least `minSimilarity` take part in passes 1 and 2. A unit costs its tokens plus the gap
/// markers it adds to its source's joined text: one when it starts a new piece after others, none when it extends a
/// piece, one less when it bridges two — so a budget as large as the input keeps all of it. Ties break by source,
/// then position, so the result is deterministic.
struct UnitSelection {
    let units: [CompressionUnit]
    let scores: [Float]
    let budget: Int
    let markerTokens: Int

    func select(minSimilarity: Float, keepBestPerSource: Bool, followReferences: Bool) -> Set<Int> {
        var kept: Set<Int> = []
        var keptPerSource: [Int: Int] = [:]
        var spent = 0
        func cost(_ unit: Int) -> Int {
            guard keptPerSource[units[unit].source, default: 0] > 0 else { return units[unit].tokens }
            let left = unit > 0 && units[unit].joinsPrevious && kept.contains(unit - 1)
            let right = unit + 1 < units.count && units[unit + 1].joinsPrevious && kept.contains(unit + 1)
            let markers = left && right ? -1 : left || right ? 0 : 1
            return units[unit].tokens + markers * markerTokens
        }
        func take(_ unit: Int) {
            let cost = cost(unit)
            guard !kept.contains(unit), spent + cost <= budget else { return }
            kept.insert(unit)
            keptPerSource[units[unit].source, default: 0] += 1
            spent += cost
        }
        let ranked = units.indices.filter { scores[$0] >= minSimilarity }.sorted(by: isBetter)
        if keepBestPerSource {
            var seen: Set<Int> = []
            for unit in ranked where seen.insert(units[unit].source).inserted { take(unit) }
        }
        for unit in ranked { take(unit) }
        if followReferences {
            for unit in kept.sorted(by: isBetter) {
                if Self.opensWithReference(units[unit].text), unit > 0, units[unit - 1].source == units[unit].source {
                    take(unit - 1)
                }
                if unit + 1 < units.count, units[unit + 1].source == units[unit].source,
                   Self.opensWithReference(units[unit + 1].text) {
                    take(unit + 1)
                }
            }
        }
        return kept
    }

    /// Higher score first; then earlier source, then earlier position (units are in source order).
    func isBetter(_ a: Int, _ b: Int) -> Bool {
        scores[a] != scores[b] ? scores[a] > scores[b] : a < b
    }

    /// Whether `text` opens with a word that points back at the sentence before it.
    static func opensWithReference(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).prefix(2).map(String.init)
        guard let first = words.first else { return false }
        if referringWords.contains(first) { return true }
        return words.count == 2 && referringPairs.contains("\(first) \(words[1])")
    }

    private static let referringWords: Set<String> = [
        "it", "its", "this", "that", "these", "those", "they", "their", "them", "he", "she", "his", "her", "such",
        "however", "therefore", "thus", "hence", "also", "moreover", "furthermore", "additionally", "but", "so",
        "then", "otherwise", "consequently", "instead", "similarly", "likewise", "here", "both",
    ]
    private static let referringPairs: Set<String> = [
        "in addition", "for example", "for instance", "in particular", "in contrast", "in this", "by contrast",
        "after that", "because of",
    ]
}
