/// Turns text into index terms, identically for documents and queries.
///
/// - Words are runs of letters and digits of any script, case-folded and (by default) accent-folded.
/// - Codes and identifiers — runs joined by `- _ / . @ ' : &` with nothing around the joiner, such as `PPR-9087`,
///   `ISO/IEC`, `v2.3.1`, `user_id`, `e-mail`, `a.b@example.com` — are indexed whole (`ppr-9087`), in parts (`ppr`,
///   `9087`) and, by default, catenated (`ppr9087`), so any of those spellings finds the others. A possessive `'s` is
///   dropped (`children's` → `children`).
/// - CJK ideographs and kana are indexed as single characters and as overlapping bigrams: single characters let a
///   one-character query match inside a longer run; bigrams reward adjacency, which is most of what a word
///   segmenter would add (the approach of Lucene's CJK analyzer with unigrams on).
/// - Parts may be dropped as English stop words and stemmed with Porter2 (only runs of `a`–`z` are stemmed).
///
/// Only the parts and CJK unigrams count toward a document's length; wholes, catenations and bigrams are extra terms
/// at a position another term already occupies, as Lucene's BM25 discounts overlapping tokens. That keeps documents
/// full of codes from looking longer than they are; in a query those terms weigh half (`TermBag.overlapQueryWeight`).
package struct Analyzer: Sendable {
    /// The options this analyzer applies.
    package let options: AnalyzerOptions
    /// The version of the rules themselves (tokenization, folding tables, stop words, stemmer), stored in snapshots.
    /// Bump it with any change that alters a term: snapshots of other versions are refused instead of silently
    /// missing matches.
    package static let rulesVersion: UInt32 = 1
    let stopWords: TermDictionary

    /// An analyzer with `options`.
    package init(options: AnalyzerOptions = AnalyzerOptions()) {
        self.options = options
        var stopWords = TermDictionary(capacity: EnglishStopWords.words.count)
        if options.removeStopWords {
            for word in EnglishStopWords.words { stopWords.insert(word) }
        }
        self.stopWords = stopWords
    }

    /// The terms `text` becomes, in order and with repeats — what a query searches for and what the API's `explain`
    /// block shows.
    package func queryTokens(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { term, _ in terms.append(String(decoding: term, as: UTF8.self)) }
        return terms
    }

    /// Calls `body` with every term of `text` in order; `isOverlap` is true for terms that do not count toward the
    /// document's length (compound wholes and catenations, CJK bigrams). The buffer is valid only during the call.
    func forEachTerm(in text: String, _ body: (_ term: UnsafeBufferPointer<UInt8>, _ isOverlap: Bool) -> Void) {
        var text = text
        var scanner = TermScanner(analyzer: self)
        text.withUTF8 { scanner.scan($0, body) }
    }

    /// Analyzes short texts one after another with one set of buffers, which stop allocating once grown: for a
    /// caller that asks about word after word (highlighting looks at the candidate words of every retrieved chunk),
    /// where `queryTokens` would allocate its buffers, a string per term and an array per word.
    package struct Reusable {
        private var scanner: TermScanner

        package init(_ analyzer: Analyzer) {
            scanner = TermScanner(analyzer: analyzer)
        }

        /// Calls `body` with every term of `text` (valid UTF-8) in order, as `queryTokens` lists them. The buffer is
        /// valid only during the call.
        package mutating func forEachTerm(in text: UnsafeBufferPointer<UInt8>,
                                          _ body: (_ term: UnsafeBufferPointer<UInt8>) -> Void) {
            scanner.scan(text) { term, _ in body(term) }
        }
    }

    /// Sizes a bag's dictionary: English prose runs about 6 bytes per word and repeats a third of them; a guess
    /// too low only costs a rehash.
    private static let bytesPerDistinctTerm = 8

    /// `text` as distinct terms with their counts (first occurrence first) and the document length.
    func bagOfTerms(_ text: String) -> TermBag {
        var bag = TermBag(expectedTerms: text.utf8.count / Self.bytesPerDistinctTerm)
        forEachTerm(in: text) { term, isOverlap in bag.add(term, isOverlap: isOverlap) }
        return bag
    }
}
