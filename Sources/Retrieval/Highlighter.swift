/// Where a chunk's text matches the query: the spans of words whose analyzed terms are among the query's terms,
/// as `[start, end)` offsets in Unicode scalars (code points) of the text — the unit every other offset in the API
/// uses. Adjacent matches separated only by spaces merge into one span ("heart failure").
///
/// It runs for every returned chunk of every query, so it stays away from the analyzer and from strings where it
/// can: it walks the UTF-8 bytes once, and an ASCII word reaches the analyzer only when its first three characters,
/// lower-cased, could begin a query term (see `PrefixFilter`). Each distinct word that gets that far is analyzed once
/// per highlighter: make one per query, use it for every chunk.
package struct Highlighter {
    private let queryTerms: Set<String>
    private let filter: PrefixFilter
    /// Whether a word (as it appears in the text) matches, for words already analyzed.
    private var verdicts: [String: Bool] = [:]

    package init(queryTerms: Set<String>) {
        self.queryTerms = queryTerms
        filter = PrefixFilter(queryTerms)
    }

    /// Spans in `text` of words for which `terms(word)` shares a term with the query's terms.
    package mutating func spans(in text: String, terms: (Substring) -> [String]) -> [[Int]] {
        guard !queryTerms.isEmpty else { return [] }
        var text = text
        text.makeContiguousUTF8()
        let queryTerms = self.queryTerms
        let filter = self.filter
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            Self.scan(bytes, filter: filter, verdicts: &self.verdicts) { word in
                terms(word).contains(where: queryTerms.contains)
            }
        } ?? []
    }

    /// `spans(in:terms:)` of a highlighter used once.
    package static func spans(in text: String, queryTerms: Set<String>,
                              terms: (Substring) -> [String]) -> [[Int]] {
        var highlighter = Highlighter(queryTerms: queryTerms)
        return highlighter.spans(in: text, terms: terms)
    }

    /// The starts of the query terms, to turn away ASCII words that cannot analyze to one of them. Analysis folds
    /// case and stems only suffixes, so a word's term keeps its first letters, with the exceptions of Porter2 that
    /// rewrite the first three: y → i (cry → cri, dying → die, skies → sky) and an `e` restored after a removed
    /// `-ing` (using → use). Comparing the first three letters with `y` read as `i`, and `e` as `i` in third
    /// place, admits all of those; `HighlighterTests` checks it against the real analyzer on the corpora's words.
    /// Terms shorter than three letters are compared on what they have.
    private struct PrefixFilter {
        var singles: [UInt8] = []
        var pairs: [UInt16] = []
        var triples: [UInt32] = []
        /// Bit `b & 63` for every first byte `b` above: one test turns away most words.
        var firstBytes: UInt64 = 0

        /// A term starting with a non-ASCII scalar can only come from a non-ASCII word.
        init(_ terms: Set<String>) {
            for term in terms {
                let utf8 = Array(term.utf8.prefix(3))
                guard let first = utf8.first, first < 0x80 else { continue }
                firstBytes |= 1 << UInt64(first & 63)
                if utf8.count == 1 || utf8[1] >= 0x80 {
                    singles.append(first)
                } else if utf8.count == 2 || utf8[2] >= 0x80 {
                    pairs.append(Self.pair(first, utf8[1]))
                } else {
                    triples.append(Self.triple(first, utf8[1], utf8[2]))
                }
            }
        }

        private static func pair(_ first: UInt8, _ second: UInt8) -> UInt16 {
            UInt16(first) << 8 | UInt16(second == UInt8(ascii: "y") ? UInt8(ascii: "i") : second)
        }

        private static func triple(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt32 {
            let folded = third == UInt8(ascii: "y") || third == UInt8(ascii: "e") ? UInt8(ascii: "i") : third
            return UInt32(pair(first, second)) << 8 | UInt32(folded)
        }

        /// Whether an ASCII word of `length` bytes starting with these lower-cased bytes may match.
        func admits(_ first: UInt8, _ second: UInt8, _ third: UInt8, length: Int) -> Bool {
            guard firstBytes >> UInt64(first & 63) & 1 != 0 else { return false }
            if singles.contains(first) { return true }
            guard length >= 2 else { return false }
            if !pairs.isEmpty && pairs.contains(Self.pair(first, second)) { return true }
            return length >= 3 && triples.contains(Self.triple(first, second, third))
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// ASCII letters and digits as a 128-bit set, split in two words: bit `b` of `low` for bytes below 64, bit
    /// `b - 64` of `high` above.
    private static let wordBytesLow: UInt64 = 0x03FF_0000_0000_0000  // 0-9
    private static let wordBytesHigh: UInt64 = 0x07FF_FFFE_07FF_FFFE  // A-Z, a-z

    @inline(__always)
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte < 64 ? wordBytesLow >> UInt64(byte) & 1 != 0 : wordBytesHigh >> UInt64(byte & 63) & 1 != 0
    }

    /// Whether the non-ASCII scalar at `index` (`length` bytes) belongs to a word, as the analyzer's tokenizer sees it.
    private static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let properties = scalar(bytes, at: index, length: length).properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// One pass over the bytes: skip to a word, find its end, and decide on it. Most words are ASCII and turned away
    /// by the prefix filter without leaving the bytes.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, filter: PrefixFilter, verdicts: inout [String: Bool],
                             matches: (Substring) -> Bool) -> [[Int]] {
        var spans: [[Int]] = []
        let count = bytes.count
        var index = 0
        var offset = 0  // scalars before `index`
        var lastEnd = (byte: -1, offset: -1)  // where the last highlighted word ended
        while index < count {
            let first = bytes[index]
            if first < 0x80 {
                guard isWordByte(first) else {
                    index &+= 1
                    offset &+= 1
                    continue
                }
            } else {
                let length = min(first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2, count - index)
                guard isWordScalar(bytes, at: index, length: length) else {
                    index &+= length
                    offset &+= 1
                    continue
                }
            }
            let start = (byte: index, offset: offset)
            var ascii = true
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    guard isWordByte(byte) else { break }
                    index &+= 1
                } else {
                    let length = min(byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2, count - index)
                    guard isWordScalar(bytes, at: index, length: length) else { break }
                    ascii = false
                    index &+= length
                }
                offset &+= 1
            }
            if ascii {
                let length = index - start.byte
                let second = length > 1 ? lower(bytes[start.byte + 1]) : 0
                let third = length > 2 ? lower(bytes[start.byte + 2]) : 0
                guard filter.admits(lower(first), second, third, length: length) else { continue }
            }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start.byte..<index]), as: UTF8.self)
            let verdict: Bool
            if let known = verdicts[key] {
                verdict = known
            } else {
                verdict = matches(key[...])
                verdicts[key] = verdict
            }
            guard verdict else { continue }
            // Merge with the previous span when only spaces lie between them.
            if let last = spans.last, last[1] == lastEnd.offset,
               bytes[lastEnd.byte..<start.byte].allSatisfy({ $0 == 0x20 }) {
                spans[spans.count - 1][1] = offset
            } else {
                spans.append([start.offset, offset])
            }
            lastEnd = (index, offset)
        }
        return spans
    }

    /// The scalar whose UTF-8 encoding (valid: it comes from a String) starts at `index`.
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Unicode.Scalar {
        var value = UInt32(bytes[index]) & (0xFF >> (length + 1))
        for next in 1..<length where index + next < bytes.count {
            value = value << 6 | UInt32(bytes[index + next] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
