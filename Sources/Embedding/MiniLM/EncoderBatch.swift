/// The activations of one forward pass: every sequence's tokens laid end to end (row r is one token), with the
/// hidden states, the fused query|key|value projections and the attention context, plus each worker's scratch.
final class EncoderBatch: @unchecked Sendable {
    // @unchecked: the buffers are written concurrently, but every phase of `BERTEncoder` gives each task rows (or a
    // sequence's head columns) of its own, and phases are separated by the parallel loop's join.

    /// Token id of each row.
    let tokens: [Int32]
    /// Position of each row within its sequence.
    let positions: [Int32]
    /// Row where each sequence starts; one more entry for the end.
    private let starts: [Int]
    let hidden: AlignedBuffer
    let queryKeyValue: AlignedBuffer
    let context: AlignedBuffer
    /// Row ranges of the row-wise tasks.
    let rowTasks: [Range<Int>]
    /// One per worker.
    let scratch: [EncoderScratch]
    private let hiddenSize: Int

    init(_ sequences: [[Int32]], configuration: BERTConfiguration, threads: Int) {
        var starts = [0]
        var tokens: [Int32] = []
        var positions: [Int32] = []
        for sequence in sequences {
            tokens += sequence
            positions += (0..<Int32(sequence.count))
            starts.append(tokens.count)
        }
        let rows = tokens.count
        self.tokens = tokens
        self.positions = positions
        self.starts = starts
        hiddenSize = configuration.hiddenSize
        hidden = AlignedBuffer(count: rows * hiddenSize)
        queryKeyValue = AlignedBuffer(count: rows * 3 * hiddenSize)
        context = AlignedBuffer(count: rows * hiddenSize)
        rowTasks = Self.rowTasks(rows: rows, threads: threads)
        let longest = sequences.map(\.count).max() ?? 0
        let workers = ParallelLoop.workers(tasks: max(rowTasks.count, sequences.count * configuration.heads),
                                           threads: threads)
        scratch = (0..<workers).map { _ in
            EncoderScratch(rows: BERTEncoder.maxTaskRows, intermediateSize: configuration.intermediateSize,
                           longestSequence: longest)
        }
    }

    /// The rows of sequence `index`.
    func rows(of index: Int) -> Range<Int> { starts[index]..<starts[index + 1] }

    /// Hidden-state rows `rows`, writable.
    func hiddenRows(_ rows: Range<Int>) -> MutableMatrixView {
        MutableMatrixView(base: hidden.pointer + rows.lowerBound * hiddenSize, rows: rows.count, columns: hiddenSize)
    }

    /// Hidden-state rows `rows`, read-only.
    func hiddenView(_ rows: Range<Int>) -> MatrixView { hiddenRows(rows).view }

    /// Blocks of rows for the row-wise phases: about four per thread so a slow worker can be evened out, whole
    /// register tiles (6 rows), and no more than one packed block of the matrix product.
    private static func rowTasks(rows: Int, threads: Int) -> [Range<Int>] {
        let tile = MicroKernel.rows
        let wanted = (rows + 4 * max(1, threads) - 1) / (4 * max(1, threads))
        let size = min(BERTEncoder.maxTaskRows, max(tile, (wanted + tile - 1) / tile * tile))
        return stride(from: 0, to: rows, by: size).map { $0..<min(rows, $0 + size) }
    }
}
