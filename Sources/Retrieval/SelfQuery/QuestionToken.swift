/// A word or a symbol of a question (or of a title or name in the vocabulary, tokenized the same way so both sides
/// compare equal).
struct QuestionToken: Sendable {
    enum Kind: Sendable { case word, symbol }

    let kind: Kind
    /// `TextFolding` of the text; a possessive without its "'s" ("Zhang's" → "zhang").
    let folded: String
    /// Unicode-scalar offsets in the text.
    let range: Range<Int>
    /// Starts with an upper-case letter.
    let isCapitalized: Bool
    let isPossessive: Bool
    let hasDigit: Bool
}

/// Splits text into words and symbols. A word is a run of letters, digits and marks, joined across `- . _ '` when a
/// letter or digit follows, so codes, file names, decimals and dates ("PPR-9087", "report-2023.pdf", "0.05",
/// "2021-03-15") stay single words and can never be read as a bare year. A hyphenated word of letters only
/// ("German-language", "Marie-Claire") is split into its parts, which is how people also type them apart.
/// Whitespace, controls and invisible format characters separate; everything else is a one-scalar symbol.
enum QuestionTokenizer {
    static func tokens(of scalars: [Unicode.Scalar], limit: Int) -> [QuestionToken] {
        var tokens: [QuestionToken] = []
        var index = 0
        while index < scalars.count, tokens.count < limit {
            let scalar = scalars[index]
            if isWordScalar(scalar) {
                var end = index + 1
                while end < scalars.count {
                    if isWordScalar(scalars[end]) {
                        end += 1
                    } else if joiners.contains(scalars[end]), end + 1 < scalars.count, isWordScalar(scalars[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                // "J." — a lone letter with its period is an initial; the period is part of it.
                let initial = end == index + 1 && scalar.properties.isAlphabetic && end < scalars.count
                    && scalars[end] == "."
                if initial { end += 1 }
                appendWord(scalars, index..<end, initial: initial, to: &tokens)
                index = end
                continue
            }
            let category = scalar.properties.generalCategory
            if !scalar.properties.isWhitespace, category != .control, category != .format {
                tokens.append(QuestionToken(kind: .symbol, folded: TextFolding.fold(CollectionOfOne(scalar)),
                                            range: index..<index + 1, isCapitalized: false, isPossessive: false,
                                            hasDigit: false))
            }
            index += 1
        }
        return Array(tokens.prefix(limit))
    }

    /// The folded words of `text` (symbols dropped): how titles and names are indexed.
    static func words(of text: String, limit: Int = 64) -> [String] {
        tokens(of: Array(text.unicodeScalars), limit: limit).filter { $0.kind == .word }.map(\.folded)
    }

    private static let joiners: Set<Unicode.Scalar> = ["-", "\u{2010}", ".", "_", "'", "\u{2019}", "\u{02BC}"]

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func appendWord(_ scalars: [Unicode.Scalar], _ range: Range<Int>, initial: Bool,
                                   to tokens: inout [QuestionToken]) {
        let word = scalars[range]
        let hasDigit = word.contains { $0.properties.numericType != nil }
        let hyphens: Set<Unicode.Scalar> = ["-", "\u{2010}"]
        let splits = !hasDigit && !word.contains(".") && !word.contains("_") && word.contains(where: hyphens.contains)
        var pieceStart = range.lowerBound
        for position in range.lowerBound...range.upperBound {
            let atEnd = position == range.upperBound
            guard atEnd || (splits && hyphens.contains(scalars[position])) else { continue }
            if position > pieceStart {
                tokens.append(token(scalars, pieceStart..<position, initial: initial, hasDigit: hasDigit))
            }
            pieceStart = position + 1
        }
    }

    private static func token(_ scalars: [Unicode.Scalar], _ range: Range<Int>, initial: Bool,
                              hasDigit: Bool) -> QuestionToken {
        let piece = scalars[range]
        var folded = TextFolding.fold(initial ? piece.dropLast() : piece)
        let possessive = folded.count > 2 && folded.hasSuffix("'s")
        if possessive { folded.removeLast(2) }
        let first = piece.first!.properties
        return QuestionToken(kind: .word, folded: folded, range: range,
                             isCapitalized: first.isUppercase || first.generalCategory == .titlecaseLetter,
                             isPossessive: possessive, hasDigit: hasDigit)
    }
}
