/// Where a chunk's text matches the query: the spans of words whose analyzed terms are among the query's terms,
/// as `[start, end)` offsets in Unicode scalars (code points) of the text — the unit every other offset in the API
/// uses. Adjacent matches separated only by spaces merge into one span ("heart failure").
///
/// It runs for every returned chunk of every query, so it stays away from the analyzer and from strings where it
/// can: it walks the UTF-8 bytes once, and an ASCII word reaches the analyzer only when its first two letters,
/// lower-cased, could begin a query term (analysis folds case and stems suffixes, which leaves how an ASCII word
/// starts alone — except Porter's dying → die, lying → lie, tying → tie, covered by also admitting "dy" for "di").
/// Each distinct word that gets that far is analyzed once per highlighter: make one per query, use it for every chunk.
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

    /// Two-letter starts of the query terms, as `first << 8 | second` over lower-case ASCII bytes.
    private struct PrefixFilter {
        var pairs: [UInt16] = []
        var singles: [UInt8] = []
        /// A term starting with a non-ASCII scalar can only come from a non-ASCII word.
        init(_ terms: Set<String>) {
            for term in terms {
                let utf8 = Array(term.utf8.prefix(2))
                guard let first = utf8.first, first < 0x80 else { continue }
                if utf8.count == 1 || utf8[1] >= 0x80 {
                    singles.append(first)
                    continue
                }
                pairs.append(UInt16(first) << 8 | UInt16(utf8[1]))
                if utf8[1] == UInt8(ascii: "i") { pairs.append(UInt16(first) << 8 | UInt16(UInt8(ascii: "y"))) }
            }
        }

        func admits(_ first: UInt8, _ second: UInt8?) -> Bool {
            if singles.contains(first) { return true }
            guard let second else { return false }
            return pairs.contains(UInt16(first) << 8 | UInt16(second))
        }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, filter: PrefixFilter, verdicts: inout [String: Bool],
                             matches: (Substring) -> Bool) -> [[Int]] {
        var spans: [[Int]] = []
        var offset = 0  // scalars before `index`
        var index = 0
        var word: (byte: Int, offset: Int, ascii: Bool)?
        var lastEnd: (byte: Int, offset: Int)?

        func close(byte end: Int, offset endOffset: Int) {
            guard let start = word else { return }
            word = nil
            if start.ascii {
                let second = end - start.byte > 1 ? lower(bytes[start.byte + 1]) : nil
                guard filter.admits(lower(bytes[start.byte]), second) else { return }
            }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start.byte..<end]), as: UTF8.self)
            let verdict: Bool
            if let known = verdicts[key] {
                verdict = known
            } else {
                verdict = matches(key[...])
                verdicts[key] = verdict
            }
            guard verdict else { return }
            // Merge with the previous span when only spaces lie between them.
            if let previous = lastEnd, let last = spans.last, last[1] == previous.offset,
               bytes[previous.byte..<start.byte].allSatisfy({ $0 == 0x20 }) {
                spans[spans.count - 1][1] = endOffset
            } else {
                spans.append([start.offset, endOffset])
            }
            lastEnd = (end, endOffset)
        }

        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            let isWord: Bool
            if byte < 0x80 {
                length = 1
                isWord = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            } else {
                length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                let scalar = Self.scalar(bytes, at: index, length: length)
                isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    || scalar.properties.generalCategory == .nonspacingMark
            }
            if isWord {
                if word == nil { word = (index, offset, true) }
                if byte >= 0x80 { word!.ascii = false }
            } else {
                close(byte: index, offset: offset)
            }
            index = min(index + length, bytes.count)
            offset += 1
        }
        close(byte: bytes.count, offset: offset)
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
