/// One transformer layer's parameters.
struct BERTLayerWeights: Sendable {
    /// Query, key and value projections side by side: one product yields all three.
    let queryKeyValue: DenseLayer
    let attentionOutput: DenseLayer
    let attentionNorm: LayerNormParameters
    let intermediate: DenseLayer
    let output: DenseLayer
    let outputNorm: LayerNormParameters
}

/// Every parameter of a BERT encoder (standard Hugging Face tensor names), checked against the configuration.
struct BERTWeights: Sendable {
    /// Token embeddings, vocabularySize × hiddenSize.
    let wordEmbeddings: [Float]
    /// Position embeddings, maxPositions × hiddenSize.
    let positionEmbeddings: [Float]
    /// The embedding of token type 0 (single-segment inputs only).
    let tokenTypeEmbedding: [Float]
    let embeddingNorm: LayerNormParameters
    let layers: [BERTLayerWeights]

    init(_ file: SafeTensorsFile, _ configuration: BERTConfiguration) throws(SafeTensorsError) {
        let hidden = configuration.hiddenSize
        let inner = configuration.intermediateSize
        wordEmbeddings = try file.floats("embeddings.word_embeddings.weight",
                                         shape: [configuration.vocabularySize, hidden])
        positionEmbeddings = try file.floats("embeddings.position_embeddings.weight",
                                             shape: [configuration.maxPositions, hidden])
        guard let types = file.tensors["embeddings.token_type_embeddings.weight"] else {
            throw .missingTensor("embeddings.token_type_embeddings.weight")
        }
        guard types.shape.count == 2, types.shape[0] >= 1, types.shape[1] == hidden else {
            throw .wrongShape(tensor: "embeddings.token_type_embeddings.weight", expected: [2, hidden], actual: types.shape)
        }
        tokenTypeEmbedding = Array(try file.floats("embeddings.token_type_embeddings.weight", shape: types.shape).prefix(hidden))
        embeddingNorm = try LayerNormParameters(file, "embeddings.LayerNorm", width: hidden)
        var layers: [BERTLayerWeights] = []
        for index in 0..<configuration.layers {
            let prefix = "encoder.layer.\(index)"
            let attention = prefix + ".attention"
            layers.append(BERTLayerWeights(
                queryKeyValue: try DenseLayer(file, [attention + ".self.query", attention + ".self.key", attention + ".self.value"],
                                              inputs: hidden, outputs: hidden),
                attentionOutput: try DenseLayer(file, [attention + ".output.dense"], inputs: hidden, outputs: hidden),
                attentionNorm: try LayerNormParameters(file, attention + ".output.LayerNorm", width: hidden),
                intermediate: try DenseLayer(file, [prefix + ".intermediate.dense"], inputs: hidden, outputs: inner),
                output: try DenseLayer(file, [prefix + ".output.dense"], inputs: inner, outputs: hidden),
                outputNorm: try LayerNormParameters(file, prefix + ".output.LayerNorm", width: hidden)
            ))
        }
        self.layers = layers
    }
}
