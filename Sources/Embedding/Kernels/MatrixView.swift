/// A read-only matrix of `Float` in memory owned elsewhere, addressed with a row and a column stride, so a transpose
/// or a column slice (one attention head of a fused Q|K|V buffer) is a view, never a copy.
package struct MatrixView {
    /// Element (0, 0).
    package let base: UnsafePointer<Float>
    /// Number of rows.
    package let rows: Int
    /// Number of columns.
    package let columns: Int
    /// Elements between (i, j) and (i + 1, j).
    package let rowStride: Int
    /// Elements between (i, j) and (i, j + 1).
    package let columnStride: Int

    /// A view of `rows` × `columns` elements; row-major with a row stride of `columns` unless told otherwise.
    package init(base: UnsafePointer<Float>, rows: Int, columns: Int, rowStride: Int? = nil, columnStride: Int = 1) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.rowStride = rowStride ?? columns
        self.columnStride = columnStride
    }

    /// The same memory read as the transpose: no data moves.
    package var transposed: MatrixView {
        MatrixView(base: base, rows: columns, columns: rows, rowStride: columnStride, columnStride: rowStride)
    }

    /// Element (`row`, `column`), unchecked.
    @inline(__always)
    package subscript(row: Int, column: Int) -> Float {
        base[row * rowStride + column * columnStride]
    }
}

/// A writable row-major matrix of `Float` (unit column stride, any row stride) in memory owned elsewhere: the
/// output of a matrix product, which the micro-kernel stores with vector writes.
package struct MutableMatrixView {
    /// Element (0, 0).
    package let base: UnsafeMutablePointer<Float>
    /// Number of rows.
    package let rows: Int
    /// Number of columns.
    package let columns: Int
    /// Elements between (i, j) and (i + 1, j); at least `columns`.
    package let rowStride: Int

    /// A view of `rows` × `columns` elements with rows `rowStride` (default `columns`) apart.
    package init(base: UnsafeMutablePointer<Float>, rows: Int, columns: Int, rowStride: Int? = nil) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must not be negative")
        precondition((rowStride ?? columns) >= columns || rows <= 1, "rows of an output matrix must not overlap")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.rowStride = rowStride ?? columns
    }

    /// Rows `range` of this matrix.
    package func rows(_ range: Range<Int>) -> MutableMatrixView {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        return MutableMatrixView(base: base + range.lowerBound * rowStride, rows: range.count, columns: columns,
                                 rowStride: rowStride)
    }

    /// The same memory, read-only.
    package var view: MatrixView {
        MatrixView(base: UnsafePointer(base), rows: rows, columns: columns, rowStride: rowStride)
    }
}

extension MatrixView {
    /// Rows `range` of this matrix.
    package func rows(_ range: Range<Int>) -> MatrixView {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
        return MatrixView(base: base + range.lowerBound * rowStride, rows: range.count, columns: columns,
                          rowStride: rowStride, columnStride: columnStride)
    }
}
