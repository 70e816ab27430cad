/// Where a chunk's text matches the query: the spans of words whose analyzed terms are among the query's terms,
/// as `[start, end)` offsets in Unicode scalars (code points) of the text — the unit every other offset in the API
/// uses. Adjacent matches separated only by spaces merge into one span ("heart failure").
///
/// It runs for every returned chunk of every query, so it avoids the analyzer where it can: each distinct word is
/// analyzed once per call, and an ASCII word is analyzed only when its first two letters, lower-cased, begin some
/// query term (analysis folds case and stems suffixes; it never changes how an ASCII word starts).
package enum Highlighter {
    /// Spans in `text` of words for which `terms(word)` shares a term with `queryTerms`.
    package static func spans(in text: String, queryTerms: Set<String>,
                              terms: (Substring) -> [String]) -> [[Int]] {
        guard !queryTerms.isEmpty else { return [] }
        let prefixes = Set(queryTerms.map { String($0.prefix(2)) })
        var verdicts: [Substring: Bool] = [:]
        var spans: [[Int]] = []
        var offset = 0
        var wordStart: String.Index?
        var wordOffset = 0
        var wordIsASCII = true
        var lastEnd: (index: String.Index, offset: Int)?

        func matches(_ word: Substring) -> Bool {
            if let known = verdicts[word] { return known }
            var verdict = true
            if wordIsASCII {
                let head = String(word.prefix(2)).lowercased()
                verdict = prefixes.contains(head) || (head.count == 2 && prefixes.contains(String(head.prefix(1))))
            }
            if verdict { verdict = terms(word).contains(where: queryTerms.contains) }
            verdicts[word] = verdict
            return verdict
        }

        func close(at end: String.Index, offset endOffset: Int) {
            guard let start = wordStart else { return }
            wordStart = nil
            guard matches(text[start..<end]) else { return }
            // Merge with the previous span when only spaces lie between them.
            if let previous = lastEnd, let last = spans.last, last[1] == previous.offset,
               text[previous.index..<start].allSatisfy({ $0 == " " }) {
                spans[spans.count - 1][1] = endOffset
            } else {
                spans.append([wordOffset, endOffset])
            }
            lastEnd = (end, endOffset)
        }

        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWord: Bool
            if scalar.isASCII {
                let value = scalar.value
                isWord = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            } else {
                isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    || scalar.properties.generalCategory == .nonspacingMark
            }
            if isWord {
                if wordStart == nil {
                    wordStart = index
                    wordOffset = offset
                    wordIsASCII = true
                }
                if !scalar.isASCII { wordIsASCII = false }
            } else {
                close(at: index, offset: offset)
            }
            index = scalars.index(after: index)
            offset += 1
        }
        close(at: scalars.endIndex, offset: offset)
        return spans
    }
}
