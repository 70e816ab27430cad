import Chunking

/// Highlights for an answer a model wrote: for each marker in the answer, the sentences of that source that share
/// the most terms with the answer sentence that cites it. (The extractive generator knows its supports already; a
/// remote model only tells us which source it used.)
package enum SupportFinder {
    /// `[marker: [[start, end]]]` in Unicode-scalar offsets of each source's text; at most `perCitation` sentences
    /// per citing sentence, and only sentences sharing at least one term with it.
    package static func supports(answer: String, sources: [Source], analyze: (Substring) -> [String],
                                 perCitation: Int = 2) -> [Int: [[Int]]] {
        let byMarker = Dictionary(sources.map { ($0.marker, $0) }, uniquingKeysWith: { first, _ in first })
        var sentencesOf: [Int: [(range: [Int], terms: Set<String>)]] = [:]
        var result: [Int: [[Int]]] = [:]
        for claim in claims(in: answer, analyze: analyze) {
            for marker in claim.markers {
                guard let source = byMarker[marker] else { continue }
                if sentencesOf[marker] == nil {
                    sentencesOf[marker] = source.sentences.map {
                        (range: [$0.scalars.lowerBound, $0.scalars.upperBound], terms: Set(analyze($0.text)))
                    }
                }
                let ranked = sentencesOf[marker]!
                    .map { (range: $0.range, shared: $0.terms.intersection(claim.terms).count) }
                    .filter { $0.shared > 0 }
                    .sorted { $0.shared > $1.shared }
                for sentence in ranked.prefix(perCitation) where !(result[marker] ?? []).contains(sentence.range) {
                    result[marker, default: []].append(sentence.range)
                }
            }
        }
        return result.mapValues { $0.sorted { $0[0] < $1[0] } }
    }

    /// The answer's sentences with the markers that cite them. Models write both "… capital [1]." and
    /// "… capital. [1]"; in the second form the marker opens the next sentence, so markers that start a sentence
    /// belong to the one before.
    static func claims(in answer: String, analyze: (Substring) -> [String]) -> [(terms: Set<String>, markers: [Int])] {
        var claims: [(terms: Set<String>, markers: [Int])] = []
        for range in SentenceSplitter.sentences(in: answer[...]) {
            let text = String(answer[range])
            var markers: [Int] = []
            var leading: [Int] = []
            for found in CitationMarkers.find(in: text) {
                let before = text[..<found.range.lowerBound]
                let opensSentence = before.allSatisfy { $0 == " " || $0 == "[" || $0 == "]" || $0 == "," || $0.isNumber }
                if opensSentence && !claims.isEmpty { leading.append(found.marker) } else { markers.append(found.marker) }
            }
            if !leading.isEmpty { claims[claims.count - 1].markers += leading }
            claims.append((terms: Set(analyze(text[...])), markers: markers))
        }
        return claims.map { (terms: $0.terms, markers: $0.markers.uniqued()) }
    }

}
