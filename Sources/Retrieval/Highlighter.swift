/// Where a chunk's text matches the query: the spans of words whose analyzed terms are among the query's terms,
/// as `[start, end)` offsets in Unicode scalars (code points) of the text — the unit every other offset in the API
/// uses. Adjacent matches separated only by spaces merge into one span ("heart failure").
///
/// It runs for every returned chunk of every query, so the analysis is done before: a text's `Words` carry each
/// word's terms as 64-bit keys (the chunk cache keeps them with each chunk), and a query only compares keys — a
/// bit test turns away almost every word.
package struct Highlighter {
    /// The query terms' keys, sorted.
    private let keys: [UInt64]
    /// Bit `key >> 52` for each query key: one test turns away most words.
    private let filter: KeyFilter

    package init(queryTerms: Set<String>) {
        keys = queryTerms.map { term in
            var term = term
            return term.withUTF8 { Self.key($0) }
        }.sorted()
        filter = KeyFilter(keys)
    }

    /// The spans of query terms in `words`.
    package func spans(in words: Words) -> [[Int]] {
        guard !keys.isEmpty, !words.bounds.isEmpty else { return [] }
        var text = words.text
        return text.withUTF8 { bytes in match(words, in: bytes) }
    }

    /// A term's key: its UTF-8 hashed with the process's random seed, never 0 (which marks a word without terms).
    /// Two different terms share a key with odds of one in 2⁶⁴ per comparison, and the seed keeps anyone from
    /// writing a document whose words collide with a query's terms on purpose.
    static func key(_ term: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(term))
        let key = UInt64(bitPattern: Int64(hasher.finalize()))
        return key == 0 ? 1 : key
    }

    /// A 4,096-bit set of the query keys' top bits. A false positive only costs a binary search.
    private struct KeyFilter {
        private var bits = [UInt64](repeating: 0, count: 64)

        init(_ keys: [UInt64]) {
            for key in keys {
                let slot = Int(key >> 52)
                bits[slot >> 6] |= 1 << UInt64(slot & 63)
            }
        }

        @inline(__always)
        func mayContain(_ key: UInt64) -> Bool {
            let slot = Int(key >> 52)
            return bits[slot >> 6] >> UInt64(slot & 63) & 1 != 0
        }
    }

    @inline(__always)
    private func isQueryKey(_ key: UInt64) -> Bool {
        guard key != 0, filter.mayContain(key) else { return false }
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < keys.count && keys[low] == key
    }

    /// A text's words as the highlighter splits it — runs of letters, digits and combining marks — with their
    /// terms: per word its byte range and the key of its first term (0 for none: a stop word), and the keys of any
    /// further terms (codes analyze to the whole and its parts) on the side. 16 bytes a word, about a tenth of
    /// what analyzing it again would cost per query.
    package struct Words: Sendable {
        package let text: String
        /// Start and end byte of each word, one after the other.
        fileprivate let bounds: [UInt32]
        /// Each word's first term's key, or 0.
        fileprivate let keys: [UInt64]
        /// Keys of second and later terms, by word, in word order.
        fileprivate let moreKeys: [(word: Int, key: UInt64)]
        /// Whether every byte is ASCII, so byte offsets are scalar offsets.
        fileprivate let isASCII: Bool

        /// Finds the words of `text` (texts of 4 GiB and more are not highlighted) and their terms: `terms(word, body)`
        /// calls `body` with each term of `word` (its UTF-8 as it appears in the text).
        package init(_ text: String, terms: (_ word: UnsafeBufferPointer<UInt8>,
                                             _ body: (_ term: UnsafeBufferPointer<UInt8>) -> Void) -> Void) {
            var text = text
            text.makeContiguousUTF8()
            self.text = text
            let scanned = text.utf8.count < Int(UInt32.max)
                ? text.utf8.withContiguousStorageIfAvailable { bytes in
                    let (bounds, isASCII) = Self.scan(bytes)
                    return (bounds, isASCII, Self.keys(of: bounds, in: bytes, terms: terms))
                } : nil
            (bounds, isASCII) = (scanned?.0 ?? [], scanned?.1 ?? true)
            (keys, moreKeys) = scanned?.2 ?? ([], [])
        }

        private static func keys(
            of bounds: [UInt32], in bytes: UnsafeBufferPointer<UInt8>,
            terms: (UnsafeBufferPointer<UInt8>, (UnsafeBufferPointer<UInt8>) -> Void) -> Void
        ) -> ([UInt64], [(word: Int, key: UInt64)]) {
            var keys = [UInt64](repeating: 0, count: bounds.count / 2)
            var more: [(word: Int, key: UInt64)] = []
            for word in keys.indices {
                let start = Int(bounds[2 * word])
                let end = Int(bounds[2 * word + 1])
                terms(UnsafeBufferPointer(rebasing: bytes[start..<end])) { term in
                    if keys[word] == 0 {
                        keys[word] = Highlighter.key(term)
                    } else {
                        more.append((word, Highlighter.key(term)))
                    }
                }
            }
            return (keys, more)
        }

        /// Bytes this keeps besides the text.
        package var extraBytes: Int {
            bounds.count * MemoryLayout<UInt32>.stride + keys.count * MemoryLayout<UInt64>.stride
                + moreKeys.count * MemoryLayout<(word: Int, key: UInt64)>.stride
        }

        /// One pass over the bytes: a word is the run of word scalars from where one starts; anything else is
        /// stepped over.
        private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (bounds: [UInt32], isASCII: Bool) {
            var bounds: [UInt32] = []
            bounds.reserveCapacity(bytes.count / 3)
            var allASCII = true
            var index = 0
            while index < bytes.count {
                let start = index
                while index < bytes.count {
                    let (length, isWord) = Highlighter.classify(bytes, at: index)
                    guard isWord else { break }
                    allASCII = allASCII && length == 1
                    index &+= length
                }
                guard index > start else {
                    let length = Highlighter.classify(bytes, at: index).length
                    allASCII = allASCII && length == 1
                    index &+= length
                    continue
                }
                bounds.append(UInt32(start))
                bounds.append(UInt32(index))
            }
            return (bounds, allASCII)
        }
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

    /// The spans of the words with a query key.
    private func match(_ words: Words, in bytes: UnsafeBufferPointer<UInt8>) -> [[Int]] {
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
        let more = words.moreKeys
        var nextMore = 0
        for (word, key) in words.keys.enumerated() {
            var matched = isQueryKey(key)
            while nextMore < more.count && more[nextMore].word == word {
                matched = matched || isQueryKey(more[nextMore].key)
                nextMore &+= 1
            }
            guard matched else { continue }
            let start = Int(bounds[2 * word])
            let end = Int(bounds[2 * word + 1])
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
