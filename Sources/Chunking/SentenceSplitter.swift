/// Finds sentences in prose. A sentence ends at `.`, `!`, `?`, `…` (and runs of them), plus any closing quotes or
/// brackets, when whitespace and then something that can start a sentence (an uppercase or caseless letter, a digit,
/// an opening quote or bracket) or the end of the text follow — except after abbreviations (Dr., e.g., et al., U.S.),
/// initials (J. R. R.) and list numbers ("1. Install"). CJK full stops (。！？) end a sentence whatever follows. A blank
/// line, or a line break before a list marker ("- ", "• ", "2. "), ends one too. Decimals (3.14) never do, because no
/// whitespace follows their point.
package enum SentenceSplitter {
    /// The sentences of `text`, in order, without surrounding whitespace; text without any terminator is one sentence,
    /// and whitespace-only text has none. The bounds are Unicode-scalar indices of `text` (use them with
    /// `text.unicodeScalars`, or with `text[range]`, which rounds to characters).
    package static func sentences(in text: Substring) -> [Range<String.Index>] {
        let scalars = Array(text.unicodeScalars)
        var result: [Range<String.Index>] = []
        var index = text.unicodeScalars.startIndex
        var offset = 0
        func advance(to target: Int) {
            while offset < target {
                text.unicodeScalars.formIndex(after: &index)
                offset += 1
            }
        }
        for range in sentenceRanges(in: scalars, 0..<scalars.count) {
            advance(to: range.lowerBound)
            let lower = index
            advance(to: range.upperBound)
            result.append(lower..<index)
        }
        return result
    }

    /// The sentences of `scalars[bounds]` as scalar offsets — the one implementation behind `sentences(in:)` and the
    /// chunker, which works in offsets throughout.
    static func sentenceRanges(in scalars: [Unicode.Scalar], _ bounds: Range<Int>) -> [Range<Int>] {
        var sentences: [Range<Int>] = []
        var start: Int?
        var lastContent = bounds.lowerBound
        var index = bounds.lowerBound
        func close(at end: Int) {
            if let begin = start, end > begin { sentences.append(begin..<end) }
            start = nil
        }
        while index < bounds.upperBound {
            let scalar = scalars[index]
            if scalar.isSpace {
                if scalar.isLineBreak, start != nil, endsSentence(lineBreakAt: index, in: scalars, bounds) {
                    close(at: lastContent)
                }
                index += 1
                continue
            }
            if start == nil { start = index }
            guard scalar.isSentenceTerminator || scalar.isCJKTerminator else {
                index += 1
                lastContent = index
                continue
            }
            var end = index
            var cjk = false
            while end < bounds.upperBound, scalars[end].isSentenceTerminator || scalars[end].isCJKTerminator {
                cjk = cjk || scalars[end].isCJKTerminator
                end += 1
            }
            let lonePeriod = end == index + 1 && scalar == "."
            while end < bounds.upperBound, scalars[end].isCloser { end += 1 }
            if cjk || endsSentence(after: index..<end, lonePeriod: lonePeriod, sentenceStart: start ?? index,
                                   in: scalars, bounds) {
                close(at: end)
            }
            index = end
            lastContent = end
        }
        close(at: lastContent)
        return sentences
    }

    /// Whether the terminator run `run` (with its closers) ends the sentence begun at `sentenceStart`. Only a lone "."
    /// can belong to an abbreviation; "?!", "..." and "…" are judged by what follows alone.
    private static func endsSentence(after run: Range<Int>, lonePeriod: Bool, sentenceStart: Int,
                                     in scalars: [Unicode.Scalar], _ bounds: Range<Int>) -> Bool {
        if run.upperBound == bounds.upperBound { return true }
        guard scalars[run.upperBound].isSpace else { return false }
        var next = run.upperBound
        while next < bounds.upperBound, scalars[next].isSpace { next += 1 }
        if next == bounds.upperBound { return true }
        let following = scalars[next]
        guard following.canStartSentence else { return false }
        guard lonePeriod else { return true }
        return !Abbreviations.continuesAfterPeriod(at: run.lowerBound, sentenceStart: sentenceStart,
                                                   followedBy: following, in: scalars, bounds)
    }

    /// Whether the line break at `index` ends a sentence: a blank line follows, or the next line opens with a list
    /// marker.
    private static func endsSentence(lineBreakAt index: Int, in scalars: [Unicode.Scalar],
                                     _ bounds: Range<Int>) -> Bool {
        var next = index + 1
        if scalars[index] == "\r", next < bounds.upperBound, scalars[next] == "\n" { next += 1 }
        while next < bounds.upperBound, scalars[next].isSpace {
            if scalars[next].isLineBreak { return true }
            next += 1
        }
        return next < bounds.upperBound && startsListItem(at: next, in: scalars, bounds)
    }

    /// A bullet followed by whitespace, or 1–3 digits or one letter followed by "." or ")" and whitespace.
    private static func startsListItem(at index: Int, in scalars: [Unicode.Scalar], _ bounds: Range<Int>) -> Bool {
        func spaceAt(_ offset: Int) -> Bool { offset < bounds.upperBound && scalars[offset].isSpace }
        if Self.bullets.contains(scalars[index].value) { return spaceAt(index + 1) }
        var end = index
        while end < bounds.upperBound, end - index < 3, scalars[end].isASCIIDigit { end += 1 }
        if end == index, scalars[index].properties.isAlphabetic, index + 1 < bounds.upperBound,
           scalars[index + 1] == ")" {
            return spaceAt(index + 2)
        }
        guard end > index, end < bounds.upperBound, scalars[end] == "." || scalars[end] == ")" else { return false }
        return spaceAt(end + 1)
    }

    /// List bullets: - * + • ‣ ◦ ▪ ● – —.
    private static let bullets: Set<UInt32> = [0x2D, 0x2A, 0x2B, 0x2022, 0x2023, 0x25E6, 0x25AA, 0x25CF, 0x2013, 0x2014]
}

extension Unicode.Scalar {
    /// . ! ? … ‼ ⁇ ⁈ ⁉
    var isSentenceTerminator: Bool {
        switch value {
        case 0x2E, 0x21, 0x3F, 0x2026, 0x203C, 0x2047, 0x2048, 0x2049: true
        default: false
        }
    }

    /// 。！？｡ — CJK full stops, which end a sentence without a following space.
    var isCJKTerminator: Bool {
        switch value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF61: true
        default: false
        }
    }

    /// Closing quotes and brackets that stay with the sentence they end: " ' ” ’ » › ) ] } 」 』 ） 】 〉 》
    var isCloser: Bool {
        switch value {
        case 0x22, 0x27, 0x201D, 0x2019, 0xBB, 0x203A, 0x29, 0x5D, 0x7D, 0x300D, 0x300F, 0xFF09, 0x3011, 0x3009,
             0x300B:
            true
        default:
            false
        }
    }

    /// Opening quotes and brackets, and the inverted marks of Spanish: " ' “ ‘ „ ‚ « ‹ ( [ { ¿ ¡ 「 『 （ 【 〈 《
    var isOpener: Bool {
        switch value {
        case 0x22, 0x27, 0x201C, 0x2018, 0x201E, 0x201A, 0xAB, 0x2039, 0x28, 0x5B, 0x7B, 0xBF, 0xA1, 0x300C, 0x300E,
             0xFF08, 0x3010, 0x3008, 0x300A:
            true
        default:
            false
        }
    }

    /// Something a new sentence can begin with: not a lowercase letter and not continuing punctuation (, ; : -).
    var canStartSentence: Bool {
        if value < 0x80 {
            return (0x41...0x5A).contains(value) || isASCIIDigit || isOpener || value == 0x24 || value == 0x23
                || value == 0x40
        }
        if isOpener { return true }
        let properties = properties
        if properties.isLowercase { return false }
        if properties.isAlphabetic || properties.numericType != nil { return true }
        return properties.generalCategory == .currencySymbol || properties.isEmoji
    }
}
