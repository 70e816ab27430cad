import JSON

/// The hyperparameters of a BERT encoder from the model's `config.json`, limited to what this implementation runs:
/// absolute positions, the exact GELU, a hidden size in whole 8-lane vectors.
struct BERTConfiguration: Sendable, Equatable {
    let vocabularySize: Int
    let hiddenSize: Int
    let layers: Int
    let heads: Int
    let intermediateSize: Int
    let maxPositions: Int
    let layerNormEpsilon: Float

    /// Width of one attention head.
    var headSize: Int { hiddenSize / heads }

    /// The largest `config.json` read.
    static let maxFileBytes = 1 << 20

    /// Reads and checks `config.json`; the reason says what is missing or unsupported.
    init(file path: String) throws(ModelLoadError) {
        let bytes: [UInt8]
        do { bytes = try FileBytes.contents(of: path, limit: Self.maxFileBytes) } catch { throw .unreadable(error) }
        guard let json = JSONParser.parse(bytes), json.members != nil else {
            throw .unsupportedConfiguration("\(path) is not a JSON object")
        }
        func integer(_ key: String) throws(ModelLoadError) -> Int {
            guard case .number(let value)? = json[key], value >= 1, value <= 1_000_000, value == value.rounded() else {
                throw .unsupportedConfiguration("\(key) must be a positive integer")
            }
            return Int(value)
        }
        vocabularySize = try integer("vocab_size")
        hiddenSize = try integer("hidden_size")
        layers = try integer("num_hidden_layers")
        heads = try integer("num_attention_heads")
        intermediateSize = try integer("intermediate_size")
        maxPositions = try integer("max_position_embeddings")
        guard case .number(let epsilon)? = json["layer_norm_eps"], epsilon > 0, epsilon < 1 else {
            throw .unsupportedConfiguration("layer_norm_eps must be a small positive number")
        }
        layerNormEpsilon = Float(epsilon)
        if case .string(let activation)? = json["hidden_act"], activation != "gelu" {
            throw .unsupportedConfiguration("hidden_act \(activation) (only the exact gelu is implemented)")
        }
        if case .string(let positions)? = json["position_embedding_type"], positions != "absolute" {
            throw .unsupportedConfiguration("position_embedding_type \(positions) (only absolute is implemented)")
        }
        guard hiddenSize % heads == 0, hiddenSize % 8 == 0, intermediateSize % 8 == 0 else {
            throw .unsupportedConfiguration("hidden_size \(hiddenSize) must split into \(heads) heads and 8-float vectors")
        }
    }
}
