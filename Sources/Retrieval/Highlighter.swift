/// Where a chunk's text matches the query: the spans of words whose analyzed terms are among the query's terms,
/// as `[start, end)` offsets in Unicode scalars (code points) of the text — the unit every other offset in the API
/// uses. Adjacent matches separated only by spaces merge into one span ("heart failure").
///
/// It runs for every returned chunk of every query, so it stays away from the analyzer and from strings where it
/// can: a text's words are found once (`Words`, which the chunk cache keeps with each chunk), and an ASCII word
/// reaches the analyzer only when its first three characters, lower-cased, could begin a query term (see
/// `PrefixFilter`). Each distinct word that gets that far is analyzed once per highlighter: make one per query, use
/// it for every chunk.
package struct Highlighter {
    private let queryTerms: Set<String>
    private let filter: PrefixFilter
    /// Whether a word (as it appears in the text) matches, for words already analyzed.
    private var verdicts = Verdicts()

    package init(queryTerms: Set<String>) {
        self.queryTerms = queryTerms
        filter = PrefixFilter(queryTerms)
    }

    /// Spans in `text` of words for which `matches(word)` — given the word's UTF-8 as it appears in the text —
    /// says its analyzed terms share one with the query's.
    package mutating func spans(in text: String, matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> [[Int]] {
        guard !queryTerms.isEmpty else { return [] }
        return spans(in: Words(text), matches: matches)
    }

    /// `spans(in:matches:)` over words found before.
    package mutating func spans(in words: Words, matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> [[Int]] {
        guard !queryTerms.isEmpty, !words.bounds.isEmpty else { return [] }
        var text = words.text
        let filter = self.filter
        return text.withUTF8 { bytes in
            Self.match(words, in: bytes, filter: filter, verdicts: &self.verdicts, matches: matches)
        }
    }

    /// `spans(in:matches:)` of a highlighter used once, for words whose `terms(word)` include a query term.
    package static func spans(in text: String, queryTerms: Set<String>,
                              terms: (Substring) -> [String]) -> [[Int]] {
        var highlighter = Highlighter(queryTerms: queryTerms)
        return highlighter.spans(in: text) { word in
            terms(String(decoding: word, as: UTF8.self)[...]).contains(where: queryTerms.contains)
        }
    }

    /// A text's words as the highlighter splits it — runs of letters, digits and combining marks — as UTF-8 byte
    /// ranges: two `UInt32` per word, 8 bytes, a fraction of what the text itself takes.
    package struct Words: Sendable {
        package let text: String
        /// Start and end byte of each word, one after the other; `Self.nonASCII` is set in the end of a word with
        /// a byte above 0x7F (the prefix filter does not apply to it).
        fileprivate let bounds: [UInt32]
        /// Whether every byte is ASCII, so byte offsets are scalar offsets.
        fileprivate let isASCII: Bool

        fileprivate static let nonASCII: UInt32 = 1 << 31

        /// Finds the words of `text` (texts past 2 GiB are not highlighted).
        package init(_ text: String) {
            var text = text
            text.makeContiguousUTF8()
            self.text = text
            (bounds, isASCII) = text.utf8.count < Int(Self.nonASCII)
                ? text.utf8.withContiguousStorageIfAvailable(Self.scan) ?? ([], true) : ([], true)
        }

        /// Bytes this keeps besides the text.
        package var extraBytes: Int { bounds.count * MemoryLayout<UInt32>.stride }

        /// One pass over the bytes: a word is the run of word scalars from where one starts; anything else is
        /// stepped over.
        private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (bounds: [UInt32], isASCII: Bool) {
            var bounds: [UInt32] = []
            bounds.reserveCapacity(bytes.count / 3)
            var allASCII = true
            var index = 0
            while index < bytes.count {
                let start = index
                var ascii = true
                while index < bytes.count {
                    let (length, isWord) = Highlighter.classify(bytes, at: index)
                    guard isWord else { break }
                    ascii = ascii && length == 1
                    index &+= length
                }
                allASCII = allASCII && ascii
                guard index > start else {
                    let length = Highlighter.classify(bytes, at: index).length
                    allASCII = allASCII && length == 1
                    index &+= length
                    continue
                }
                bounds.append(UInt32(start))
                bounds.append(UInt32(index) | (ascii ? 0 : nonASCII))
            }
            return (bounds, allASCII)
        }
    }

    /// The starts of the query terms, to turn away ASCII words that cannot analyze to one of them. Analysis folds
    /// case and stems only suffixes, so a word's term keeps its first letters, with the exceptions of Porter2 that
    /// rewrite the first three: y → i (cry → cri, dying → die, skies → sky) and an `e` restored after a removed
    /// `-ing` (using → use). Comparing the first three letters with `y` read as `i`, and `e` as `i` in third
    /// place, admits all of those; `HighlighterTests` checks it against the real analyzer on the corpora's words.
    /// Terms shorter than three letters are compared on what they have.
    private struct PrefixFilter {
        /// Bit `b & 63` for every first byte `b` above: one test turns away most words.
        var firstBytes: UInt64 = 0
        /// First bytes (as above) of terms one letter long.
        var singles: UInt64 = 0
        /// A 4,096-bit set of the hashed pairs and triples (they never collide as keys: a triple's is above 0xFFFF).
        /// A false positive only costs the word a verdict; a term's own key is always in.
        var keys = [UInt64](repeating: 0, count: 64)
        var hasPairs = false

        /// A term starting with a non-ASCII scalar can only come from a non-ASCII word.
        init(_ terms: Set<String>) {
            for term in terms {
                let utf8 = Array(term.utf8.prefix(3))
                guard let first = utf8.first, first < 0x80 else { continue }
                firstBytes |= 1 << UInt64(first & 63)
                if utf8.count == 1 || utf8[1] >= 0x80 {
                    singles |= 1 << UInt64(first & 63)
                } else if utf8.count == 2 || utf8[2] >= 0x80 {
                    insert(UInt32(Self.pair(first, utf8[1])))
                    hasPairs = true
                } else {
                    insert(Self.triple(first, utf8[1], utf8[2]))
                }
            }
        }

        private mutating func insert(_ key: UInt32) {
            let slot = Self.slot(key)
            keys[slot >> 6] |= 1 << UInt64(slot & 63)
        }

        @inline(__always)
        private func contains(_ key: UInt32) -> Bool {
            let slot = Self.slot(key)
            return keys[slot >> 6] >> UInt64(slot & 63) & 1 != 0
        }

        @inline(__always)
        private static func slot(_ key: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> 20) }

        @inline(__always)
        private static func pair(_ first: UInt8, _ second: UInt8) -> UInt16 {
            UInt16(first) << 8 | UInt16(second == UInt8(ascii: "y") ? UInt8(ascii: "i") : second)
        }

        @inline(__always)
        private static func triple(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> UInt32 {
            let folded = third == UInt8(ascii: "y") || third == UInt8(ascii: "e") ? UInt8(ascii: "i") : third
            return UInt32(pair(first, second)) << 8 | UInt32(folded)
        }

        /// Whether an ASCII word of `length` bytes starting with these lower-cased bytes may match.
        @inline(__always)
        func admits(_ first: UInt8, _ second: UInt8, _ third: UInt8, length: Int) -> Bool {
            let bit: UInt64 = 1 << UInt64(first & 63)
            guard firstBytes & bit != 0 else { return false }
            if singles & bit != 0 { return true }
            guard length >= 2 else { return false }
            if hasPairs && contains(UInt32(Self.pair(first, second))) { return true }
            return length >= 3 && contains(Self.triple(first, second, third))
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

    /// The length in bytes of the scalar at `index` and whether it belongs to a word, as the analyzer's tokenizer
    /// sees it: ASCII letters and digits by a bit test, other scalars by their Unicode properties.
    @inline(__always)
    fileprivate static func classify(_ bytes: UnsafeBufferPointer<UInt8>,
                                     at index: Int) -> (length: Int, isWord: Bool) {
        let first = bytes[index]
        guard first >= 0x80 else { return (1, isWordByte(first)) }
        let length = min(first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2, bytes.count - index)
        return (length, isWordScalar(bytes, at: index, length: length))
    }

    /// Whether the non-ASCII scalar at `index` (`length` bytes) belongs to a word, as the analyzer's tokenizer sees it.
    private static func isWordScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let properties = scalar(bytes, at: index, length: length).properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    /// Decides on each word of `words`: most are ASCII and turned away by the prefix filter on their first bytes.
    private static func match(_ words: Words, in bytes: UnsafeBufferPointer<UInt8>, filter: PrefixFilter,
                              verdicts: inout Verdicts,
                              matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> [[Int]] {
        var spans: [[Int]] = []
        var lastEnd = -1  // byte where the last highlighted word ended
        // Scalars before byte `counted.byte`, advanced only to matched words (byte offsets are scalar offsets in
        // an ASCII text).
        var counted = (byte: 0, scalars: 0)
        func scalarOffset(_ byte: Int) -> Int {
            guard !words.isASCII else { return byte }
            while counted.byte < byte {
                if bytes[counted.byte] & 0xC0 != 0x80 { counted.scalars &+= 1 }
                counted.byte &+= 1
            }
            return counted.scalars
        }
        let bounds = words.bounds
        var next = 0
        while next < bounds.count {
            let start = Int(bounds[next])
            let end = Int(bounds[next + 1] & ~Words.nonASCII)
            let ascii = bounds[next + 1] & Words.nonASCII == 0
            next &+= 2
            if ascii {
                let length = end - start
                let second = length > 1 ? lower(bytes[start + 1]) : 0
                let third = length > 2 ? lower(bytes[start + 2]) : 0
                guard filter.admits(lower(bytes[start]), second, third, length: length) else { continue }
            }
            guard verdicts.verdict(on: UnsafeBufferPointer(rebasing: bytes[start..<end]), otherwise: matches) else {
                continue
            }
            // Merge with the previous span when only spaces lie between them.
            if lastEnd >= 0, bytes[lastEnd..<start].allSatisfy({ $0 == 0x20 }) {
                spans[spans.count - 1][1] = scalarOffset(end)
            } else {
                let first = scalarOffset(start)
                spans.append([first, scalarOffset(end)])
            }
            lastEnd = end
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
