import LexicalIndex
import TestSupport

/// Random corpora for comparing search paths: words `w0`…`wN` drawn with a Zipf-like skew (so some terms are in most
/// documents and many scores tie), random labels (so ties are broken by label, not by insertion order).
struct RandomCorpus {
    var generator: SplitMix64
    let vocabulary: Int

    init(seed: UInt64, vocabulary: Int) {
        generator = SplitMix64(seed: seed)
        self.vocabulary = vocabulary
    }

    /// Options under which every `wN` is one term: no stop words, no stemming.
    static let options = AnalyzerOptions(removeStopWords: false, stemEnglish: false)

    mutating func word() -> String {
        // Squaring a uniform draw skews toward small ids: P(id < x) = sqrt(x / vocabulary).
        let uniform = Double.random(in: 0..<1, using: &generator)
        return "w\(Int(uniform * uniform * Double(vocabulary)))"
    }

    mutating func text(words: ClosedRange<Int>) -> String {
        (0..<Int.random(in: words, using: &generator)).map { _ in word() }.joined(separator: " ")
    }

    mutating func label() -> UInt64 { UInt64.random(in: 0...UInt64.max / 2, using: &generator) }

    /// `count` documents with distinct labels.
    mutating func documents(_ count: Int, words: ClosedRange<Int> = 1...30) -> [UInt64: String] {
        var documents: [UInt64: String] = [:]
        while documents.count < count { documents[label()] = text(words: words) }
        return documents
    }
}

/// An index holding `documents`, added in label order.
func makeIndex(_ documents: [UInt64: String], options: AnalyzerOptions = RandomCorpus.options,
               parameters: BM25Parameters = BM25Parameters()) -> BM25Index {
    let index = BM25Index(options: options, parameters: parameters)
    for (label, text) in documents.sorted(by: { $0.key < $1.key }) { index.add(label: label, text: text) }
    return index
}
