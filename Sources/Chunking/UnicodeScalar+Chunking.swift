// Scalar classes shared by the counter, the atom scanner, the sentence splitter and the cut rules. Each has an ASCII
// fast path because almost every scalar the chunker sees is ASCII and Unicode property lookups are not free.

extension Unicode.Scalar {
    /// Whitespace in the Unicode sense (the White_Space property: spaces, tabs, line breaks, no-break spaces,
    /// ideographic space), spelled out because the property lookup is slow and the set is small and stable.
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// A line break: LF, VT, FF, CR, NEL, LINE/PARAGRAPH SEPARATOR.
    var isLineBreak: Bool {
        (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029
    }

    /// Scripts written without spaces between words, where every ideograph or kana is a word of its own (as BERT's
    /// pre-tokenizer treats them): CJK ideographs, kana, CJK symbols and punctuation, fullwidth forms.
    var isCJKWordBreaking: Bool {
        switch value {
        case 0x3000...0x303F, 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x2FFFF, 0x30000...0x3134F:
            true
        default:
            false
        }
    }

    /// Scalars that attach to the one before them inside a grapheme cluster (combining marks, joiners, variation
    /// selectors, emoji modifiers and tags); a cut before one would split a user-perceived character.
    var extendsCluster: Bool {
        if value < 0x300 { return false }
        switch value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F, 0xE0100...0xE01EF:
            return true
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x20000...0x3134F:
            return false   // ideographs and Hangul syllables, the bulk of CJK text: no lookup needed
        default:
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return false
            }
        }
    }

    /// A letter or digit (as opposed to punctuation and symbols).
    var isWordCharacter: Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// A regional indicator: two of them make one flag.
    var isRegionalIndicator: Bool { (0x1F1E6...0x1F1FF).contains(value) }

    /// An ASCII digit.
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
}

/// Where a text may be cut without splitting a grapheme cluster (approximately: marks, joiners, emoji modifiers, flags
/// and CR LF are respected; rare Hangul jamo sequences are not).
enum ClusterCuts {
    /// Whether a cut before `scalars[offset]` keeps every grapheme cluster whole.
    static func isSafe(_ scalars: [Unicode.Scalar], at offset: Int) -> Bool {
        guard offset > 0, offset < scalars.count else { return true }
        let next = scalars[offset], previous = scalars[offset - 1]
        if next.extendsCluster || previous.value == 0x200D { return false }
        if previous == "\r" && next == "\n" { return false }
        if previous.isRegionalIndicator && next.isRegionalIndicator {
            var run = 0
            var index = offset - 1
            while index >= 0 && scalars[index].isRegionalIndicator {
                run += 1
                index -= 1
            }
            return run % 2 == 0
        }
        return true
    }

    /// `offset` moved back to the nearest safe cut after `floor`; `offset` itself when there is none (a cluster longer
    /// than the whole allowance must be split somewhere).
    static func safe(_ scalars: [Unicode.Scalar], before offset: Int, floor: Int) -> Int {
        var cut = offset
        while cut > floor && !isSafe(scalars, at: cut) { cut -= 1 }
        return cut > floor ? cut : offset
    }

    /// `offset` moved forward to the nearest safe cut, at most to `ceiling`.
    static func safe(_ scalars: [Unicode.Scalar], after offset: Int, ceiling: Int) -> Int {
        var cut = offset
        while cut < ceiling && !isSafe(scalars, at: cut) { cut += 1 }
        return cut
    }
}
