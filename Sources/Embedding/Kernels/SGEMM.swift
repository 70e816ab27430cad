/// Single-precision matrix products C = A·B or C += A·B, in the structure of Goto's algorithm: B is packed into
/// 16-column panels (once, for weights), A into 6-row panels block by block, and a 6 × 16 register tile does the
/// arithmetic. Every element of C sums its k products in the same order whatever the matrix sizes, the blocking or
/// the thread count, so the same row gives the same result alone or in a batch.
package enum SGEMM {
    /// C (+)= A·B on the calling thread, with B prepacked. A may be strided or transposed; C is row-major.
    package static func multiply(_ a: MatrixView, _ b: PackedMatrix, into c: MutableMatrixView, accumulate: Bool,
                                 workspace: GEMMWorkspace) {
        checkShapes(a: a, k: b.rows, n: b.columns, c: c)
        guard zeroDepth(a.columns, c: c, accumulate: accumulate) else { return }
        var start = 0
        while start < a.columns {
            let depth = min(GEMMBlocking.depth, a.columns - start)
            multiplyBlock(a, steps: start..<start + depth, panels: b.block(startingAt: start), into: c,
                          accumulate: accumulate || start > 0, workspace: workspace)
            start += depth
        }
    }

    /// C (+)= A·B on the calling thread, packing B as it goes. Either operand may be strided or transposed.
    package static func multiply(_ a: MatrixView, _ b: MatrixView, into c: MutableMatrixView, accumulate: Bool,
                                 workspace: GEMMWorkspace) {
        checkShapes(a: a, k: b.rows, n: b.columns, c: c)
        guard zeroDepth(a.columns, c: c, accumulate: accumulate) else { return }
        var start = 0
        while start < a.columns {
            let depth = min(GEMMBlocking.depth, a.columns - start)
            let panels = workspace.packedB(count: depth * PackedMatrix.paddedColumns(b.columns))
            PackedMatrix.pack(b, rows: start..<start + depth, into: panels)
            multiplyBlock(a, steps: start..<start + depth, panels: panels, into: c,
                          accumulate: accumulate || start > 0, workspace: workspace)
            start += depth
        }
    }

    /// C (+)= A·B on up to `threads` threads, which take blocks of rows of A and C in turn.
    package static func multiply(_ a: MatrixView, _ b: PackedMatrix, into c: MutableMatrixView, accumulate: Bool,
                                 threads: Int) {
        checkShapes(a: a, k: b.rows, n: b.columns, c: c)
        let blocks = (a.rows + GEMMBlocking.rows - 1) / GEMMBlocking.rows
        let workspaces = (0..<ParallelLoop.workers(tasks: blocks, threads: threads)).map { _ in GEMMWorkspace() }
        ParallelLoop.run(tasks: blocks, threads: threads) { block, worker in
            let rows = block * GEMMBlocking.rows..<min(a.rows, (block + 1) * GEMMBlocking.rows)
            multiply(a.rows(rows), b, into: c.rows(rows), accumulate: accumulate, workspace: workspaces[worker])
        }
    }

    private static func checkShapes(a: MatrixView, k: Int, n: Int, c: MutableMatrixView) {
        precondition(a.columns == k, "A is \(a.rows)×\(a.columns) but B has \(k) rows")
        precondition(c.rows == a.rows && c.columns == n, "C is \(c.rows)×\(c.columns), expected \(a.rows)×\(n)")
    }

    /// With k = 0 the product is the zero matrix: clears C unless accumulating. False when there is nothing more to do.
    private static func zeroDepth(_ depth: Int, c: MutableMatrixView, accumulate: Bool) -> Bool {
        guard depth == 0 else { return true }
        if !accumulate {
            for row in 0..<c.rows { (c.base + row * c.rowStride).update(repeating: 0, count: c.columns) }
        }
        return false
    }

    /// C (+)= A[:, steps]·B[steps, :] where `panels` is that block of B, packed.
    private static func multiplyBlock(_ a: MatrixView, steps: Range<Int>, panels: UnsafePointer<Float>,
                                      into c: MutableMatrixView, accumulate: Bool, workspace: GEMMWorkspace) {
        let depth = steps.count
        let tileRows = MicroKernel.rows
        let tileColumns = MicroKernel.columns
        let panelCount = (c.columns + tileColumns - 1) / tileColumns
        var rowStart = 0
        while rowStart < a.rows {
            let blockRows = min(GEMMBlocking.rows, a.rows - rowStart)
            packA(a, rows: rowStart..<rowStart + blockRows, steps: steps, into: workspace.packedA.pointer)
            for panel in 0..<panelCount {
                let bPanel = panels + panel * depth * tileColumns
                let columns = min(tileColumns, c.columns - panel * tileColumns)
                var row = 0
                while row < blockRows {
                    let aPanel = UnsafePointer(workspace.packedA.pointer + row * depth)
                    let target = c.base + (rowStart + row) * c.rowStride + panel * tileColumns
                    let rows = min(tileRows, blockRows - row)
                    if rows == tileRows && columns == tileColumns {
                        MicroKernel.run(depth: depth, a: aPanel, b: bPanel, c: target, rowStride: c.rowStride,
                                        accumulate: accumulate)
                    } else {
                        // An edge: compute the whole tile aside (the padding is zeros) and keep the part inside C.
                        let tile = workspace.tile.pointer
                        MicroKernel.run(depth: depth, a: aPanel, b: bPanel, c: tile, rowStride: tileColumns,
                                        accumulate: false)
                        for i in 0..<rows {
                            for j in 0..<columns {
                                let value = tile[i * tileColumns + j]
                                target[i * c.rowStride + j] = accumulate ? target[i * c.rowStride + j] + value : value
                            }
                        }
                    }
                    row += tileRows
                }
            }
            rowStart += blockRows
        }
    }

    /// Writes rows `rows` × columns `steps` of A as 6-row panels: for each step, the 6 rows' elements side by side,
    /// rows past the end as zeros.
    private static func packA(_ a: MatrixView, rows: Range<Int>, steps: Range<Int>,
                              into destination: UnsafeMutablePointer<Float>) {
        let width = MicroKernel.rows
        var out = destination
        var first = rows.lowerBound
        while first < rows.upperBound {
            let count = min(width, rows.upperBound - first)
            let origin = a.base + first * a.rowStride + steps.lowerBound * a.columnStride
            if count == width && a.columnStride == 1 {
                let r0 = origin, r1 = origin + a.rowStride, r2 = origin + 2 * a.rowStride
                let r3 = origin + 3 * a.rowStride, r4 = origin + 4 * a.rowStride, r5 = origin + 5 * a.rowStride
                for k in 0..<steps.count {
                    out[0] = r0[k]; out[1] = r1[k]; out[2] = r2[k]
                    out[3] = r3[k]; out[4] = r4[k]; out[5] = r5[k]
                    out += width
                }
            } else {
                for k in 0..<steps.count {
                    let column = origin + k * a.columnStride
                    for i in 0..<count { out[i] = column[i * a.rowStride] }
                    for i in count..<width { out[i] = 0 }
                    out += width
                }
            }
            first += width
        }
    }
}
