/// The register tile of the matrix product: a 6 × 16 block of C kept in twelve 8-lane vectors while a packed 6-row
/// panel of A and a packed 16-column panel of B stream past.
///
/// Why 6 × 16: AVX2 has sixteen 256-bit registers. Twelve hold the accumulators, two hold the current row of the B
/// panel and one the broadcast element of A, which leaves one spare. Each step of k then does 12 fused multiply-adds
/// for 2 vector loads and 6 broadcasts, enough to keep both FMA pipes of a Haswell or Zen core busy.
enum MicroKernel {
    /// Rows of the register tile (elements of A per step of k).
    static let rows = 6
    /// Columns of the register tile (elements of B per step of k): two 8-lane vectors.
    static let columns = 16

    /// C[0..<6, 0..<16] (+)= A·B over `depth` steps: `a` holds 6 floats per step, `b` 16 floats per step, and C has
    /// rows `rowStride` apart. When `accumulate` is false C is overwritten, otherwise added to.
    @inline(__always)
    static func run(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, rowStride: Int, accumulate: Bool) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>()
        var c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: SIMD8<Float>.self)  // aligned in practice; vmovups costs the same
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            var x = SIMD8<Float>(repeating: pa[0])
            c00 = c00.addingProduct(x, b0)
            c01 = c01.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: pa[1])
            c10 = c10.addingProduct(x, b0)
            c11 = c11.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: pa[2])
            c20 = c20.addingProduct(x, b0)
            c21 = c21.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: pa[3])
            c30 = c30.addingProduct(x, b0)
            c31 = c31.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: pa[4])
            c40 = c40.addingProduct(x, b0)
            c41 = c41.addingProduct(x, b1)
            x = SIMD8<Float>(repeating: pa[5])
            c50 = c50.addingProduct(x, b0)
            c51 = c51.addingProduct(x, b1)
            pa += 6
            pb += 64
        }
        store(c00, c01, to: c, accumulate: accumulate)
        store(c10, c11, to: c + rowStride, accumulate: accumulate)
        store(c20, c21, to: c + 2 * rowStride, accumulate: accumulate)
        store(c30, c31, to: c + 3 * rowStride, accumulate: accumulate)
        store(c40, c41, to: c + 4 * rowStride, accumulate: accumulate)
        store(c50, c51, to: c + 5 * rowStride, accumulate: accumulate)
    }

    @inline(__always)
    private static func store(_ low: SIMD8<Float>, _ high: SIMD8<Float>, to row: UnsafeMutablePointer<Float>,
                              accumulate: Bool) {
        let raw = UnsafeMutableRawPointer(row)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: SIMD8<Float>.self) + low, as: SIMD8<Float>.self)
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self) + high,
                           toByteOffset: 32, as: SIMD8<Float>.self)
        } else {
            raw.storeBytes(of: low, as: SIMD8<Float>.self)
            raw.storeBytes(of: high, toByteOffset: 32, as: SIMD8<Float>.self)
        }
    }
}
