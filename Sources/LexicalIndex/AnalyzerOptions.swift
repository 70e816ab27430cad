/// How text becomes index terms. An index stores its options in every snapshot, because a query only matches when it
/// is analyzed exactly as the documents were.
///
/// Case folding and the tokenization rules (letter/digit runs, codes whole and in parts, CJK unigrams + bigrams) are
/// not options: they are what makes `PPR-9087`, `ppr-9087` and `PPR 9087` find each other, and nothing in ragd wants
/// them off.
package struct AnalyzerOptions: Sendable, Hashable {
    /// Fold accents and ligatures: `é → e`, `ø → o`, `æ → ae`, `ß → ss` (the last one also without this flag, since
    /// Unicode case folding itself maps it). Off keeps diacritics, for languages where they separate words.
    package var foldAccents: Bool
    /// Drop the English function words of `EnglishStopWords` (parts of codes included; whole codes are always kept).
    package var removeStopWords: Bool
    /// Reduce English words to their Porter2 (Snowball English) stems: `studies`, `studied` → `studi`.
    package var stemEnglish: Bool
    /// Also index a compound's parts run together (`e-mail` → `email`, `IL-6` → `il6`), so a query written without
    /// the separator still matches.
    package var catenateCompounds: Bool
    /// Longer terms are skipped (a compound still yields its parts): such runs are base64, hashes or garbage, and
    /// one of them would otherwise cost a posting list per document.
    package var maxTokenBytes: Int

    /// The allowed `maxTokenBytes`: a token must hold at least one 4-byte scalar; the snapshot stores term lengths in
    /// 16 bits but nothing useful is longer than 255 bytes.
    package static let maxTokenBytesLimits = 4...255

    /// The defaults: accents folded, English stop words removed, Porter2 stems, compounds also catenated, terms up to
    /// 64 bytes. `LexicalIndex`'s SciFact figures (see `BM25Parameters`) were measured with them.
    package init(foldAccents: Bool = true, removeStopWords: Bool = true, stemEnglish: Bool = true,
                 catenateCompounds: Bool = true, maxTokenBytes: Int = 64) {
        precondition(Self.maxTokenBytesLimits.contains(maxTokenBytes), "maxTokenBytes out of range")
        self.foldAccents = foldAccents
        self.removeStopWords = removeStopWords
        self.stemEnglish = stemEnglish
        self.catenateCompounds = catenateCompounds
        self.maxTokenBytes = maxTokenBytes
    }
}
