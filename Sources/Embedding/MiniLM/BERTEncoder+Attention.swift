extension BERTEncoder {
    /// Scaled dot-product attention of one head over one sequence: softmax(Q·Kᵀ/√d)·V into that head's columns of
    /// the context rows. Q, K and V are column slices of the fused projection, read in place.
    func attend(_ batch: EncoderBatch, sequence: Int, head: Int, layer: Int, scratch: EncoderScratch) {
        let hiddenSize = configuration.hiddenSize
        let headSize = configuration.headSize
        let rows = batch.rows(of: sequence)
        let length = rows.count
        let fusedWidth = 3 * hiddenSize
        let origin = UnsafePointer(batch.queryKeyValue.pointer + rows.lowerBound * fusedWidth + head * headSize)
        let queries = MatrixView(base: origin, rows: length, columns: headSize, rowStride: fusedWidth)
        let keys = MatrixView(base: origin + hiddenSize, rows: length, columns: headSize, rowStride: fusedWidth)
        let values = MatrixView(base: origin + 2 * hiddenSize, rows: length, columns: headSize, rowStride: fusedWidth)

        let scores = MutableMatrixView(base: scratch.scores.pointer, rows: length, columns: length)
        SGEMM.multiply(queries, keys.transposed, into: scores, accumulate: false, workspace: scratch.gemm)
        let scale = 1 / Float(headSize).squareRoot()
        for row in 0..<length {
            EncoderMath.softmax(scores.base + row * length, count: length, scale: scale)
        }
        let context = MutableMatrixView(base: batch.context.pointer + rows.lowerBound * hiddenSize + head * headSize,
                                        rows: length, columns: headSize, rowStride: hiddenSize)
        SGEMM.multiply(scores.view, values, into: context, accumulate: false, workspace: scratch.gemm)
    }
}
