/// The BERT encoder's forward pass with mean pooling, over a batch of token sequences laid end to end without padding.
///
/// Attention is the only step that mixes tokens, and it runs sequence by sequence, so no token ever sees another
/// sequence and no padding row is ever computed: the result is what a padded batch with an attention mask gives,
/// at the cost of the real tokens only. Each layer runs as two parallel phases — attention by (sequence, head), then
/// everything row-wise (output projection, residual, LayerNorm, feed-forward, LayerNorm, and the next layer's
/// query/key/value projection) by blocks of rows — so threads meet twice per layer.
struct BERTEncoder: Sendable {
    let configuration: BERTConfiguration
    let weights: BERTWeights

    /// Rows of a row-wise task, at most one packed block of the matrix product.
    static let maxTaskRows = GEMMBlocking.rows

    /// One unit vector per sequence (each a model input: `[CLS] … [SEP]`, at most `maxPositions` ids below the
    /// vocabulary size), computed on up to `threads` threads.
    func embed(_ sequences: [[Int32]], threads: Int) -> [[Float]] {
        guard !sequences.isEmpty else { return [] }
        let batch = EncoderBatch(sequences, configuration: configuration, threads: threads)
        let rowTasks = batch.rowTasks
        let attentionTasks = sequences.count * configuration.heads
        ParallelLoop.run(tasks: rowTasks.count, threads: threads) { task, worker in
            embedTokens(batch, rows: rowTasks[task])
            project(batch, rows: rowTasks[task], layer: 0, workspace: batch.scratch[worker].gemm)
        }
        for layer in 0..<configuration.layers {
            ParallelLoop.run(tasks: attentionTasks, threads: threads) { task, worker in
                attend(batch, sequence: task / configuration.heads, head: task % configuration.heads,
                       layer: layer, scratch: batch.scratch[worker])
            }
            ParallelLoop.run(tasks: rowTasks.count, threads: threads) { task, worker in
                finishLayer(batch, rows: rowTasks[task], layer: layer, scratch: batch.scratch[worker])
            }
        }
        return (0..<sequences.count).map { pool(batch, sequence: $0) }
    }

    /// Hidden state = word + position + token-type-0 embeddings, then LayerNorm.
    private func embedTokens(_ batch: EncoderBatch, rows: Range<Int>) {
        let width = configuration.hiddenSize
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbedding.withUnsafeBufferPointer { tokenType in
                    for row in rows {
                        let target = batch.hidden.pointer + row * width
                        let word = words.baseAddress! + Int(batch.tokens[row]) * width
                        let position = positions.baseAddress! + Int(batch.positions[row]) * width
                        for column in 0..<width { target[column] = word[column] + position[column] + tokenType[column] }
                    }
                }
            }
        }
        normalize(batch.hidden.pointer + rows.lowerBound * width, rows: rows.count, weights.embeddingNorm)
    }

    /// The fused query|key|value projection of `rows` for `layer`.
    private func project(_ batch: EncoderBatch, rows: Range<Int>, layer: Int, workspace: GEMMWorkspace) {
        let dense = weights.layers[layer].queryKeyValue
        let width = dense.weight.columns
        let target = MutableMatrixView(base: batch.queryKeyValue.pointer + rows.lowerBound * width,
                                       rows: rows.count, columns: width)
        dense.bias.withUnsafeBufferPointer { bias in
            EncoderMath.fillRows(target.base, count: rows.count, width: width, stride: width, with: bias.baseAddress!)
        }
        SGEMM.multiply(batch.hiddenView(rows), dense.weight, into: target, accumulate: true, workspace: workspace)
    }

    /// Output projection + residual + LayerNorm, feed-forward + residual + LayerNorm, then the next layer's
    /// projection, for `rows`.
    private func finishLayer(_ batch: EncoderBatch, rows: Range<Int>, layer: Int, scratch: EncoderScratch) {
        let parameters = weights.layers[layer]
        let hiddenSize = configuration.hiddenSize
        let innerSize = configuration.intermediateSize
        let hidden = batch.hiddenRows(rows)
        let context = MatrixView(base: batch.context.pointer + rows.lowerBound * hiddenSize, rows: rows.count,
                                 columns: hiddenSize)
        // The hidden rows hold the residual: add the bias, then let the product accumulate onto them.
        addBias(parameters.attentionOutput, to: hidden)
        SGEMM.multiply(context, parameters.attentionOutput.weight, into: hidden, accumulate: true,
                       workspace: scratch.gemm)
        normalize(hidden.base, rows: rows.count, parameters.attentionNorm)

        let inner = MutableMatrixView(base: scratch.intermediate.pointer, rows: rows.count, columns: innerSize)
        SGEMM.multiply(hidden.view, parameters.intermediate.weight, into: inner, accumulate: false,
                       workspace: scratch.gemm)
        parameters.intermediate.bias.withUnsafeBufferPointer { bias in
            EncoderMath.geluAddingBias(inner.base, count: rows.count, width: innerSize, bias: bias.baseAddress!)
        }
        addBias(parameters.output, to: hidden)
        SGEMM.multiply(inner.view, parameters.output.weight, into: hidden, accumulate: true, workspace: scratch.gemm)
        normalize(hidden.base, rows: rows.count, parameters.outputNorm)

        if layer + 1 < configuration.layers {
            project(batch, rows: rows, layer: layer + 1, workspace: scratch.gemm)
        }
    }

    private func addBias(_ dense: DenseLayer, to rows: MutableMatrixView) {
        dense.bias.withUnsafeBufferPointer { bias in
            EncoderMath.addRowVector(rows.base, count: rows.rows, width: rows.columns, stride: rows.rowStride,
                                    bias.baseAddress!)
        }
    }

    private func normalize(_ rows: UnsafeMutablePointer<Float>, rows count: Int, _ parameters: LayerNormParameters) {
        parameters.gamma.withUnsafeBufferPointer { gamma in
            parameters.beta.withUnsafeBufferPointer { beta in
                EncoderMath.layerNorm(rows, count: count, width: configuration.hiddenSize,
                                     stride: configuration.hiddenSize, gamma: gamma.baseAddress!,
                                     beta: beta.baseAddress!, epsilon: configuration.layerNormEpsilon)
            }
        }
    }

    /// The mean of a sequence's final hidden states (every token, [CLS] and [SEP] included, as sentence-transformers
    /// pools over the attention mask), scaled to unit length.
    private func pool(_ batch: EncoderBatch, sequence: Int) -> [Float] {
        let width = configuration.hiddenSize
        let rows = batch.rows(of: sequence)
        var sum = [Float](repeating: 0, count: width)
        for row in rows {
            let source = batch.hidden.pointer + row * width
            for column in 0..<width { sum[column] += source[column] }
        }
        var norm: Float = 0
        for value in sum { norm += value * value }
        // The mean's 1/n cancels in the normalization; only an all-zero sum (impossible for LayerNorm output with
        // non-zero γ) is left as is.
        let scale = norm > 0 ? 1 / norm.squareRoot() : 0
        return sum.map { $0 * scale }
    }
}
