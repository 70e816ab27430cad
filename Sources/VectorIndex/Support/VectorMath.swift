/// The SIMD kernels: inner products over rows zero-padded to whole SIMD blocks, and normalization.
///
/// Rows are padded to a multiple of `blockWidth` floats (the padding is zero and stays zero), so the kernels have
/// no scalar tail loop. With `-target-cpu haswell` (AVX2) each `SIMD16<Float>` is two 256-bit registers; without
/// it, four SSE registers.
enum VectorMath {
    /// Floats per SIMD block: 16 × 4 bytes = one 64-byte cache line.
    static let blockWidth = 16

    /// `dimension` rounded up to whole blocks.
    static func paddedDimension(_ dimension: Int) -> Int {
        (dimension + blockWidth - 1) / blockWidth * blockWidth
    }

    /// Σ aᵢ·bᵢ over `count` floats (a multiple of `blockWidth`). Two independent accumulators hide the add latency.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        var sum0 = SIMD16<Float>()
        var sum1 = SIMD16<Float>()
        var offset = 0
        let bytes = count &* 4
        while offset &+ 128 <= bytes {
            sum0 += left.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                * right.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            sum1 += left.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
                * right.loadUnaligned(fromByteOffset: offset &+ 64, as: SIMD16<Float>.self)
            offset &+= 128
        }
        if offset < bytes {
            sum0 += left.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                * right.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
        }
        return (sum0 + sum1).sum()
    }

    /// Σ aᵢ·bᵢ with `b` as signed bytes, over `count` components (a multiple of `blockWidth`). A row of bytes is a
    /// quarter of the floats' memory: a graph walk, which waits on memory far more than it computes, gains most.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Int8>, count: Int) -> Float {
        // Eight lanes at a time: 8 bytes → 8 × Int32 → 8 × Float is two AVX2 instructions (vpmovsxbd, vcvtdq2ps).
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        var sum0 = SIMD8<Float>()
        var sum1 = SIMD8<Float>()
        var index = 0
        while index < count {  // count is a multiple of 16
            let low = right.loadUnaligned(fromByteOffset: index, as: SIMD8<Int8>.self)
            let high = right.loadUnaligned(fromByteOffset: index &+ 8, as: SIMD8<Int8>.self)
            sum0.addProduct(left.loadUnaligned(fromByteOffset: index &* 4, as: SIMD8<Float>.self),
                            SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: low)))
            sum1.addProduct(left.loadUnaligned(fromByteOffset: index &* 4 &+ 32, as: SIMD8<Float>.self),
                            SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: high)))
            index &+= 16
        }
        return (sum0 + sum1).sum()
    }

    /// Writes `count` floats as signed bytes, `round(xᵢ / scale)` with `scale = max |xᵢ| / 127` (each vector its
    /// own scale, so the largest component uses the whole range), and returns the scale: xᵢ ≈ scale · byteᵢ.
    static func quantize(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Int8>,
                         count: Int) -> Float {
        var largest: Float = 0
        for index in 0..<count { largest = max(largest, abs(source[index])) }
        guard largest > 0 else {
            destination.update(repeating: 0, count: count)
            return 0
        }
        let scale = largest / 127
        for index in 0..<count {
            destination[index] = Int8(max(-127, min(127, (source[index] / scale).rounded())))
        }
        return scale
    }

    /// ‖vector‖², after checking the vector can be normalized: `dimension` components, all finite, not all zero.
    static func squaredNorm(_ vector: [Float], dimension: Int) throws(VectorIndexError) -> Double {
        guard vector.count == dimension else {
            throw .dimensionMismatch(expected: dimension, actual: vector.count)
        }
        var squares: Double = 0  // Double: 384 float squares summed in Float lose ~2⁻¹⁴ relative precision
        for index in 0..<dimension {
            let value = vector[index]
            guard value.isFinite else { throw .nonFiniteComponent(index: index) }
            squares += Double(value) * Double(value)
        }
        guard squares > 0, squares.isFinite else { throw .zeroVector }
        return squares
    }

    /// Writes `vector / ‖vector‖` to `destination` followed by zero padding up to `paddedCount` floats.
    /// Throws for a wrong length, a NaN or infinite component, or a zero vector.
    static func normalize(_ vector: [Float], dimension: Int, into destination: UnsafeMutablePointer<Float>,
                          paddedCount: Int) throws(VectorIndexError) {
        let inverseNorm = 1 / (try squaredNorm(vector, dimension: dimension)).squareRoot()
        // In Double, so the scale stays finite even for subnormal Float components.
        for index in 0..<dimension { destination[index] = Float(Double(vector[index]) * inverseNorm) }
        (destination + dimension).update(repeating: 0, count: paddedCount - dimension)
    }
}
