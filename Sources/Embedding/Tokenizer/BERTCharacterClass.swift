/// How BERT's normalizer and pre-tokenizer treat a Unicode scalar. The definitions are those of the reference
/// tokenizer (`BertNormalizer` + `BertPreTokenizer`), which token ids must match exactly:
/// - dropped: NUL, U+FFFD and every "other" category (Cc, Cf, Cs, Co, Cn) except tab, newline and carriage return;
/// - whitespace: tab, newline, carriage return and the Unicode White_Space property — a word boundary;
/// - ideograph: the CJK blocks BERT splits character by character (not kana or hangul, which form words);
/// - punctuation: ASCII 33–47, 58–64, 91–96, 123–126 (so `$`, `+`, `<`, `^`, `|` count) and the P* categories — each
///   its own word.
enum BERTCharacterClass: UInt8 {
    case other, dropped, whitespace, ideograph, punctuation

    /// The class of `scalar`.
    @inline(__always)
    init(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            self = Self.ascii[Int(value)]
        } else {
            self = Self.nonASCII(scalar)
        }
    }

    /// The class of an ASCII byte.
    @inline(__always)
    static func ascii(_ byte: UInt8) -> BERTCharacterClass { ascii[Int(byte)] }

    private static let ascii: [BERTCharacterClass] = (0..<128).map { value -> BERTCharacterClass in
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20: .whitespace
        case 0x00..<0x20, 0x7F: .dropped
        case 33...47, 58...64, 91...96, 123...126: .punctuation
        default: .other
        }
    }

    private static func nonASCII(_ scalar: Unicode.Scalar) -> BERTCharacterClass {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned:
            return .dropped
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return .punctuation
        default:
            break
        }
        if scalar.value == 0xFFFD { return .dropped }
        if properties.isWhitespace { return .whitespace }
        if isIdeograph(scalar.value) { return .ideograph }
        return .other
    }

    /// BERT's "Chinese character" blocks: CJK Unified Ideographs and Extensions A–E, and the two blocks of CJK
    /// Compatibility Ideographs.
    private static func isIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F, 0x2B740...0x2B81F,
             0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            true
        default:
            false
        }
    }

    /// Whether canonical decomposition changes the ideograph `value` (the compatibility blocks map to unified
    /// ideographs); the others pass through normalization untouched.
    static func isCompatibilityIdeograph(_ value: UInt32) -> Bool {
        (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}
