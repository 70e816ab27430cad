/// BERT's uncased WordPiece tokenizer: `BasicTokenizer` cuts normalized words, then each word becomes the longest
/// vocabulary entries that cover it left to right (`##` marks pieces inside a word). A word that cannot be covered,
/// or longer than `maxWordScalars`, becomes one `[UNK]`. Token ids match the reference `tokenizers` library for the
/// all-MiniLM-L6-v2 vocabulary — except that text spelling a special token (`[SEP]`) stays text: a document must not
/// be able to inject structure into the model's input.
package struct WordPieceTokenizer: Sendable {
    /// Words longer than this many Unicode scalars become `[UNK]` without being searched.
    package static let maxWordScalars = 100
    /// The model input length `encode` truncates to by default, special tokens included.
    package static let defaultMaxTokens = 256
    /// The largest vocabulary file read.
    package static let maxVocabularyBytes = 16 * 1024 * 1024

    private let vocabulary: Vocabulary
    /// `[UNK]`: a word the vocabulary cannot spell.
    package let unknownID: Int32
    /// `[CLS]`: opens every model input.
    package let classifierID: Int32
    /// `[SEP]`: closes every model input.
    package let separatorID: Int32
    /// Number of entries in the vocabulary (ids are below it).
    package var vocabularySize: Int { vocabulary.count }

    /// Loads a `vocab.txt` (one token per line, id = line number).
    package init(vocabularyFile path: String) throws(TokenizerError) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.contents(of: path, limit: Self.maxVocabularyBytes) } catch { throw .unreadable(error) }
        try self.init(vocabulary: bytes)
    }

    /// Uses the contents of a `vocab.txt`.
    package init(vocabulary bytes: [UInt8]) throws(TokenizerError) {
        let vocabulary = Vocabulary(lines: bytes)
        func special(_ token: String) throws(TokenizerError) -> Int32 {
            guard let id = vocabulary.id(of: token) else { throw .missingSpecialToken(token) }
            return id
        }
        unknownID = try special("[UNK]")
        classifierID = try special("[CLS]")
        separatorID = try special("[SEP]")
        self.vocabulary = vocabulary
    }

    /// The token ids of `text`, without special tokens and without truncation.
    package func tokenIDs(_ text: some StringProtocol) -> [Int32] {
        var ids: [Int32] = []
        appendIDs(of: text, to: &ids, limit: Int.max)
        return ids
    }

    /// The model input for `text`: `[CLS]`, the first `maxTokens - 2` token ids, `[SEP]`.
    package func encode(_ text: String, maxTokens: Int = defaultMaxTokens) -> [Int32] {
        precondition(maxTokens >= 2, "an input holds at least [CLS] and [SEP]")
        var ids: [Int32] = [classifierID]
        appendIDs(of: text, to: &ids, limit: maxTokens - 1)
        ids.append(separatorID)
        return ids
    }

    /// The number of tokens in `text` without special tokens (what `tokenIDs` would return, without building it).
    /// Additive across whitespace: `count("a b") == count("a") + count("b")`.
    package func count(_ text: Substring) -> Int {
        var total = 0
        BasicTokenizer.forEachWord(in: text) { word, scalars in
            total += pieceCount(word, scalars: scalars)
            return true
        }
        return total
    }

    /// Appends the ids of `text` to `ids` until it holds `limit` ids.
    private func appendIDs(of text: some StringProtocol, to ids: inout [Int32], limit: Int) {
        guard ids.count < limit else { return }
        BasicTokenizer.forEachWord(in: text) { word, scalars in
            let start = ids.count
            if scalars > Self.maxWordScalars || !appendPieces(word, to: &ids) {
                ids.removeSubrange(start...)
                ids.append(unknownID)
            }
            if ids.count >= limit {
                ids.removeSubrange(limit...)
                return false
            }
            return true
        }
    }

    /// Appends the pieces of `word`; false (with some pieces appended) when the vocabulary cannot cover it.
    private func appendPieces(_ word: UnsafeBufferPointer<UInt8>, to ids: inout [Int32]) -> Bool {
        var start = 0
        while start < word.count {
            guard let (id, end) = longestPiece(word, from: start) else { return false }
            ids.append(id)
            start = end
        }
        return true
    }

    /// The number of pieces of `word`: 1 for `[UNK]`.
    private func pieceCount(_ word: UnsafeBufferPointer<UInt8>, scalars: Int) -> Int {
        guard scalars <= Self.maxWordScalars else { return 1 }
        var start = 0
        var pieces = 0
        while start < word.count {
            guard let (_, end) = longestPiece(word, from: start) else { return 1 }
            pieces += 1
            start = end
        }
        return pieces
    }

    /// The longest vocabulary entry matching `word` at byte `start` (an initial piece at 0, a continuation after),
    /// ending on a character boundary, and where it ends.
    @inline(__always)
    private func longestPiece(_ word: UnsafeBufferPointer<UInt8>, from start: Int) -> (id: Int32, end: Int)? {
        let table = start == 0 ? vocabulary.initial : vocabulary.continuation
        let base = word.baseAddress!
        var end = min(word.count, start + table.longestKey)
        while end > start {
            // A UTF-8 continuation byte (10xxxxxx) at `end` means `end` splits a character: not a candidate.
            if end == word.count || word[end] & 0xC0 != 0x80, let id = table.id(of: base + start, count: end - start) {
                return (id, end)
            }
            end -= 1
        }
        return nil
    }
}
