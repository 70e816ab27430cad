/// A piece of a source that is scored and kept or dropped as a whole: a sentence, or a window of an overlong one.
struct CompressionUnit {
    var source: Int
    /// Unicode-scalar offsets in the source's text.
    var range: Range<Int>
    var text: String
    var tokens: Int
    /// Only whitespace separates it from the unit before it in the same source: kept together, they are one piece
    /// with no gap marker between.
    var joinsPrevious: Bool
}

/// Cuts sources into units. Sentences come from the caller's splitter; a sentence over `maxTokens` (a table, a
/// list without punctuation, a PDF line salad) is cut at whitespace into windows of at most `maxTokens`, so that each
/// window is scored on its own instead of one relevant clause dragging a whole page in, or one huge "sentence"
/// being impossible to keep under any budget. Window sizes add up per-word token counts, which is exact for
/// tokenizers that never merge across whitespace (WordPiece) and close for others.
enum CompressionUnitizer {
    /// The units of `text`, in order. `ranges` are the splitter's sentences as indices of `text`; they are sorted,
    /// and ones overlapping an earlier one are dropped, so offsets always increase.
    static func units(of text: String, source: Int, ranges: [Range<String.Index>], maxTokens: Int,
                      countTokens: (Substring) -> Int) -> [CompressionUnit] {
        let scalars = text.unicodeScalars
        var units: [CompressionUnit] = []
        var cursor = (index: scalars.startIndex, offset: 0)
        var previousEnd: String.Index?
        func offset(of index: String.Index) -> Int {
            cursor.offset += scalars.distance(from: cursor.index, to: index)
            cursor.index = index
            return cursor.offset
        }
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            precondition(range.lowerBound >= scalars.startIndex && range.upperBound <= scalars.endIndex,
                         "sentence range outside the text")
            guard range.lowerBound >= cursor.index else { continue }  // overlaps the previous sentence
            let lower = offset(of: range.lowerBound)
            let upper = offset(of: range.upperBound)
            let sentence = Substring(scalars[range])  // by scalars: `text[range]` would round to characters
            guard sentence.contains(where: { !$0.isWhitespace }) else { continue }
            let between = previousEnd.map { scalars[$0..<range.lowerBound] }
            let joins = between?.allSatisfy(\.properties.isWhitespace) ?? false
            previousEnd = range.upperBound
            let tokens = countTokens(sentence)
            if tokens <= maxTokens {
                units.append(CompressionUnit(source: source, range: lower..<upper, text: String(sentence),
                                             tokens: tokens, joinsPrevious: joins))
            } else {
                var windows = windows(of: sentence, from: lower, source: source, maxTokens: maxTokens,
                                      countTokens: countTokens)
                if !windows.isEmpty { windows[0].joinsPrevious = joins }
                units += windows
            }
        }
        return units
    }

    /// `sentence` (starting at scalar offset `start`) cut at whitespace into runs of at most `maxTokens`; a single
    /// word over the limit is a window of its own.
    private static func windows(of sentence: Substring, from start: Int, source: Int, maxTokens: Int,
                                countTokens: (Substring) -> Int) -> [CompressionUnit] {
        var windows: [CompressionUnit] = []
        var window: (lower: Int, upper: Int, from: String.Index, to: String.Index, tokens: Int)?
        func close() {
            guard let open = window else { return }
            windows.append(CompressionUnit(source: source, range: open.lower..<open.upper,
                                           text: String(sentence.unicodeScalars[open.from..<open.to]),
                                           tokens: open.tokens, joinsPrevious: true))
            window = nil
        }
        var offset = start
        var index = sentence.unicodeScalars.startIndex
        while index < sentence.unicodeScalars.endIndex {
            guard !sentence.unicodeScalars[index].properties.isWhitespace else {
                sentence.unicodeScalars.formIndex(after: &index)
                offset += 1
                continue
            }
            let wordStart = (index: index, offset: offset)
            while index < sentence.unicodeScalars.endIndex, !sentence.unicodeScalars[index].properties.isWhitespace {
                sentence.unicodeScalars.formIndex(after: &index)
                offset += 1
            }
            let tokens = countTokens(Substring(sentence.unicodeScalars[wordStart.index..<index]))
            if let open = window, open.tokens + tokens > maxTokens { close() }
            if let open = window {
                window = (open.lower, offset, open.from, index, open.tokens + tokens)
            } else {
                window = (wordStart.offset, offset, wordStart.index, index, tokens)
            }
        }
        close()
        return windows
    }
}
