/// Why a local model could not be loaded; `MiniLMEmbedder` reports it as `model_unavailable`.
package enum ModelLoadError: Error, Equatable, CustomStringConvertible {
    /// A model file could not be read.
    case unreadable(FileReadError)
    /// `config.json` is malformed or describes a model this implementation does not run.
    case unsupportedConfiguration(String)
    /// `model.safetensors` is corrupt or lacks a tensor of the right type and shape.
    case weights(SafeTensorsError)
    /// `vocab.txt` is unusable.
    case vocabulary(TokenizerError)
    /// `vocab.txt` and the embedding matrix disagree on the number of tokens.
    case vocabularyMismatch(vocabulary: Int, model: Int)
    /// The processor lacks instruction-set extensions the kernels were compiled for.
    case unsupportedProcessor(missing: [String])

    package var description: String {
        switch self {
        case .unreadable(let error): "\(error)"
        case .unsupportedConfiguration(let reason): "unsupported model configuration: \(reason)"
        case .weights(let error): "\(error)"
        case .vocabulary(let error): "\(error)"
        case .vocabularyMismatch(let vocabulary, let model):
            "vocab.txt has \(vocabulary) tokens but the model embeds \(model)"
        case .unsupportedProcessor(let missing):
            "this processor lacks \(missing.joined(separator: ", ")), which ragd's embedding kernels were built for"
        }
    }
}
