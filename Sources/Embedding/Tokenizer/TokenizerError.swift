/// Why a tokenizer could not be built.
package enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The vocabulary file could not be read.
    case unreadable(FileReadError)
    /// The vocabulary lacks `[UNK]`, `[CLS]` or `[SEP]`.
    case missingSpecialToken(String)

    package var description: String {
        switch self {
        case .unreadable(let error): "\(error)"
        case .missingSpecialToken(let token): "the vocabulary has no \(token) token"
        }
    }
}
