@testable import Embedding
import Testing

/// The blocked matrix product against a naive triple loop on shapes that exercise every edge: single elements, sizes
/// that are not multiples of the 6 × 16 tile, depths past one packed block (256) and row counts past one A block (144).
@Suite struct SGEMMTests {
    /// Seeded values in [-1, 1).
    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> Float {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Float(z >> 40) / Float(1 << 24) * 2 - 1
        }
    }

    /// An m × n row-major matrix stored transposed or not; `view` reads it as m × n either way.
    struct Matrix {
        let rows: Int
        let columns: Int
        let transposedStorage: Bool
        var storage: [Float]

        init(rows: Int, columns: Int, transposedStorage: Bool, random: inout SplitMix64) {
            self.rows = rows
            self.columns = columns
            self.transposedStorage = transposedStorage
            storage = (0..<rows * columns).map { _ in random.next() }
        }

        subscript(row: Int, column: Int) -> Float {
            transposedStorage ? storage[column * rows + row] : storage[row * columns + column]
        }

        func withView<T>(_ body: (MatrixView) -> T) -> T {
            storage.withUnsafeBufferPointer { buffer in
                if transposedStorage {
                    body(MatrixView(base: buffer.baseAddress!, rows: columns, columns: rows).transposed)
                } else {
                    body(MatrixView(base: buffer.baseAddress!, rows: rows, columns: columns))
                }
            }
        }
    }

    enum Path: CaseIterable { case packOnTheFly, prepacked, threaded }

    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 1, 1), (7, 13, 5), (33, 385, 97), (6, 256, 16), (150, 40, 33),
                                                      (2, 600, 3)]

    @Test(arguments: Path.allCases, [false, true])
    func matchesTheNaiveProduct(path: Path, transposedOperands: Bool) {
        var random = SplitMix64(state: 42)
        for shape in Self.shapes {
            let a = Matrix(rows: shape.m, columns: shape.k, transposedStorage: transposedOperands, random: &random)
            let b = Matrix(rows: shape.k, columns: shape.n, transposedStorage: !transposedOperands, random: &random)
            // C has spare columns (row stride n + 3) that must stay untouched, and starts non-zero to test accumulation.
            let stride = shape.n + 3
            let initial = (0..<shape.m * stride).map { _ in random.next() }
            for accumulate in [false, true] {
                var c = initial
                c.withUnsafeMutableBufferPointer { buffer in
                    let target = MutableMatrixView(base: buffer.baseAddress!, rows: shape.m, columns: shape.n,
                                                   rowStride: stride)
                    a.withView { av in
                        b.withView { bv in
                            switch path {
                            case .packOnTheFly:
                                SGEMM.multiply(av, bv, into: target, accumulate: accumulate, workspace: GEMMWorkspace())
                            case .prepacked:
                                SGEMM.multiply(av, PackedMatrix(bv), into: target, accumulate: accumulate,
                                               workspace: GEMMWorkspace())
                            case .threaded:
                                SGEMM.multiply(av, PackedMatrix(bv), into: target, accumulate: accumulate, threads: 3)
                            }
                        }
                    }
                }
                var worst: Float = 0
                for i in 0..<shape.m {
                    for j in 0..<stride {
                        guard j < shape.n else {
                            #expect(c[i * stride + j] == initial[i * stride + j], "padding column \(j) was written")
                            continue
                        }
                        var exact: Double = accumulate ? Double(initial[i * stride + j]) : 0
                        var magnitude: Double = 0
                        for p in 0..<shape.k {
                            exact += Double(a[i, p]) * Double(b[p, j])
                            magnitude += abs(Double(a[i, p]) * Double(b[p, j]))
                        }
                        // Float summation error grows with depth: bound it by k·ε·Σ|aᵢₚbₚⱼ|.
                        let tolerance = Double(shape.k + 1) * 1.2e-7 * (magnitude + 1)
                        worst = max(worst, Float(abs(Double(c[i * stride + j]) - exact) / tolerance))
                    }
                }
                #expect(worst <= 1, "\(shape) \(path) accumulate=\(accumulate): error \(worst)× the bound")
            }
        }
    }

    @Test func zeroDepthClearsOrKeepsTheOutput() {
        let empty: [Float] = [0]
        var c: [Float] = [1, 2, 3, 4]
        for accumulate in [true, false] {
            empty.withUnsafeBufferPointer { e in
                c.withUnsafeMutableBufferPointer { out in
                    SGEMM.multiply(MatrixView(base: e.baseAddress!, rows: 2, columns: 0),
                                   MatrixView(base: e.baseAddress!, rows: 0, columns: 2),
                                   into: MutableMatrixView(base: out.baseAddress!, rows: 2, columns: 2),
                                   accumulate: accumulate, workspace: GEMMWorkspace())
                }
            }
            #expect(c == (accumulate ? [1, 2, 3, 4] : [0, 0, 0, 0]))
        }
    }

    @Test func sameRowSameResultInAnyBatch() {
        // The encoder's batch-equals-single guarantee rests on this: a row's result must not depend on its neighbours.
        var random = SplitMix64(state: 7)
        let k = 300, n = 40
        let b = Matrix(rows: k, columns: n, transposedStorage: false, random: &random)
        let a = Matrix(rows: 151, columns: k, transposedStorage: false, random: &random)
        func product(rows: Range<Int>) -> [Float] {
            var c = [Float](repeating: 0, count: rows.count * n)
            a.withView { av in
                b.withView { bv in
                    c.withUnsafeMutableBufferPointer { out in
                        SGEMM.multiply(av.rows(rows), PackedMatrix(bv),
                                       into: MutableMatrixView(base: out.baseAddress!, rows: rows.count, columns: n),
                                       accumulate: false, workspace: GEMMWorkspace())
                    }
                }
            }
            return c
        }
        let all = product(rows: 0..<151)
        for row in [0, 5, 6, 143, 144, 150] {
            #expect(product(rows: row..<row + 1) == Array(all[row * n..<(row + 1) * n]), "row \(row)")
        }
    }
}
