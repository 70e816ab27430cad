/// The right-hand operand B (k × n) of a matrix product, rearranged once into the order the micro-kernel reads it:
/// blocks of `GEMMBlocking.depth` rows, each cut into panels of 16 columns stored step by step, the last panel padded
/// with zeros. Model weights are packed at load time so no product ever repacks them.
package final class PackedMatrix: Sendable {
    /// Rows (the shared dimension k of the product).
    package let rows: Int
    /// Columns (n).
    package let columns: Int
    /// `columns` rounded up to whole panels.
    let paddedColumns: Int
    private let buffer: AlignedBuffer

    /// Packs `source`, which may be strided or transposed.
    package init(_ source: MatrixView) {
        rows = source.rows
        columns = source.columns
        paddedColumns = Self.paddedColumns(columns)
        buffer = AlignedBuffer(count: rows * paddedColumns)
        var start = 0
        while start < rows {
            let depth = min(GEMMBlocking.depth, rows - start)
            Self.pack(source, rows: start..<start + depth, into: buffer.pointer + start * paddedColumns)
            start += depth
        }
    }

    /// The packed block of rows starting at `start` (a multiple of `GEMMBlocking.depth`): its panels follow each other,
    /// `blockDepth × 16` floats apart.
    func block(startingAt start: Int) -> UnsafePointer<Float> {
        UnsafePointer(buffer.pointer + start * paddedColumns)
    }

    /// `columns` rounded up to a multiple of the micro-kernel's width.
    static func paddedColumns(_ columns: Int) -> Int {
        (columns + MicroKernel.columns - 1) / MicroKernel.columns * MicroKernel.columns
    }

    /// Writes rows `range` of `source` panel by panel into `destination` (`range.count × paddedColumns(columns)`
    /// floats): within a panel, the 16 elements of one row, then the next row.
    static func pack(_ source: MatrixView, rows range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        let width = MicroKernel.columns
        var out = destination
        var column = 0
        while column < source.columns {
            let count = min(width, source.columns - column)
            for row in range {
                let first = source.base + row * source.rowStride + column * source.columnStride
                if count == width && source.columnStride == 1 {
                    UnsafeMutableRawPointer(out).storeBytes(of: UnsafeRawPointer(first).loadUnaligned(as: SIMD16<Float>.self),
                                                            as: SIMD16<Float>.self)
                } else {
                    for j in 0..<count { out[j] = first[j * source.columnStride] }
                    for j in count..<width { out[j] = 0 }
                }
                out += width
            }
            column += width
        }
    }
}
