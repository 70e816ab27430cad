/// Counts tokens the way the embedding model will (WordPiece once the model's vocabulary arrives); must be pure and
/// thread-safe. Chunk sizes in `ChunkUnit.tokens` are measured with it.
///
/// The chunker counts each whitespace-delimited word once and sums the counts, so a counter must be additive across
/// whitespace: `count("a b") == count("a") + count("b")`. WordPiece is (its pre-tokenizer splits on whitespace first).
package protocol TokenCounter: Sendable {
    /// The number of tokens in `text`, without special tokens such as `[CLS]`/`[SEP]`.
    func count(_ text: Substring) -> Int
}

/// A stand-in for WordPiece until the model's vocabulary is available: one token per run of letters and digits, one
/// per run of punctuation or symbols, one per CJK ideograph or kana (BERT's pre-tokenizer isolates those), nothing for
/// whitespace. Combining marks, joiners and variation selectors belong to the run they follow, so "é" written as
/// e + U+0301 or a ZWJ emoji sequence is one token.
package struct WhitespaceTokenCounter: TokenCounter {
    /// A counter.
    package init() {}

    /// Runs of letters and digits, runs of other symbols, and CJK characters in `text`.
    package func count(_ text: Substring) -> Int {
        var count = 0
        var run = Run.none
        for scalar in text.unicodeScalars {
            let kind = Run(scalar)
            switch kind {
            case .none:
                run = .none
            case .ideograph:
                count += 1
                run = .ideograph
            case .extend:
                if run == .none {
                    count += 1
                    run = .symbol
                }
            case .word, .symbol:
                if run != kind {
                    count += 1
                    run = kind
                }
            }
        }
        return count
    }

    /// What a scalar contributes to: a run of its kind, or nothing (whitespace).
    private enum Run {
        case none, word, symbol, ideograph, extend

        init(_ scalar: Unicode.Scalar) {
            let value = scalar.value
            if value < 0x80 {
                switch UInt8(value) {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                     UInt8(ascii: "0")...UInt8(ascii: "9"):
                    self = .word
                case 0x09...0x0D, 0x20:
                    self = .none
                default:
                    self = .symbol
                }
            } else if scalar.isSpace {
                self = .none
            } else if scalar.extendsCluster {
                self = .extend
            } else if scalar.isCJKWordBreaking {
                self = .ideograph
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                self = .word
            } else {
                self = .symbol
            }
        }
    }
}
