/// One worker's scratch memory for the encoder: matrix-product packing, a block of feed-forward activations and one
/// head's attention scores.
final class EncoderScratch {
    let gemm = GEMMWorkspace()
    let intermediate: AlignedBuffer
    let scores: AlignedBuffer

    init(rows: Int, intermediateSize: Int, longestSequence: Int) {
        intermediate = AlignedBuffer(count: rows * intermediateSize)
        scores = AlignedBuffer(count: longestSequence * longestSequence)
    }
}
