/// A dense layer y = x·Wᵀ + b with W packed for the matrix product (PyTorch stores W as [out, in]).
struct DenseLayer: Sendable {
    /// Wᵀ (in × out), packed.
    let weight: PackedMatrix
    /// b (out).
    let bias: [Float]

    /// Reads `<prefix>.weight` and `<prefix>.bias` of shape [out, in] and [out]; several prefixes are stacked along
    /// the output (the fused query|key|value projection).
    init(_ file: SafeTensorsFile, _ prefixes: [String], inputs: Int, outputs: Int) throws(SafeTensorsError) {
        var weight: [Float] = []
        var bias: [Float] = []
        for prefix in prefixes {
            weight += try file.floats(prefix + ".weight", shape: [outputs, inputs])
            bias += try file.floats(prefix + ".bias", shape: [outputs])
        }
        let rows = outputs * prefixes.count
        self.weight = weight.withUnsafeBufferPointer { w in
            PackedMatrix(MatrixView(base: w.baseAddress!, rows: rows, columns: inputs).transposed)
        }
        self.bias = bias
    }
}

/// LayerNorm's scale γ and shift β.
struct LayerNormParameters: Sendable {
    let gamma: [Float]
    let beta: [Float]

    init(_ file: SafeTensorsFile, _ prefix: String, width: Int) throws(SafeTensorsError) {
        gamma = try file.floats(prefix + ".weight", shape: [width])
        beta = try file.floats(prefix + ".bias", shape: [width])
    }
}
