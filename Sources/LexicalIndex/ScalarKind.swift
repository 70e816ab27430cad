/// What one Unicode scalar is to the tokenizer.
enum ScalarKind: UInt8, Sendable {
    /// Ends the current word: spaces, punctuation, symbols, emoji.
    case separator
    /// A letter of any script (Unicode `Alphabetic`), appended in folded form.
    case letter
    /// A decimal digit of any script, appended as its ASCII digit so `٣` and `３` match `3`.
    case digit
    /// Continues a word without starting one: combining marks, soft hyphens and joiners. Its folded form may be
    /// empty (accents when folding, joiners always).
    case mark
    /// Joins two letter/digit runs into one compound (`PPR-9087`, `user_id`, `v2.3.1`, `ISO/IEC`): `- _ / . @ ' : &`
    /// and the typographic hyphens and apostrophe. Anywhere else it separates.
    case connector
    /// A CJK ideograph or kana: these scripts write words without spaces, so each character is a token and adjacent
    /// pairs are bigrams.
    case ideograph

    /// Whether the scalar can start or extend a letter/digit run.
    @inline(__always) var isWordCharacter: Bool { self == .letter || self == .digit }
}
