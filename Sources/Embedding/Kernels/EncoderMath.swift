/// Element-wise functions of the encoder on 8-lane vectors: exp (softmax), the exact (erf) GELU and LayerNorm. A
/// scalar libm call per element would cost more than the matrix products around it: the intermediate layer alone
/// holds 1,536 activations per token and layer.
package enum EncoderMath {
    /// e^x for every lane, relative error below 3e-7 for x in [-87, 88]; 0 below (no denormals). Internal, like
    /// every function taking or returning SIMD8: this module is compiled for AVX2 and its callers may not be, and
    /// 256-bit vectors are passed differently with and without AVX.
    ///
    /// x = n·ln 2 + r with n = round(x / ln 2) and |r| ≤ ln 2 / 2 (ln 2 split in a high part exact in float and a
    /// low part, so n·ln2High is exact); e^r by its Taylor series to r⁷/7! (truncation error < (ln2/2)⁸/8! ≈ 5e-9);
    /// 2^n built in the exponent bits. Rounding uses the 1.5·2²³ trick — adding it leaves n in the low mantissa
    /// bits — because the standard library's float-to-integer vector conversion goes lane by lane.
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magic: Float = 12_582_912  // 1.5·2²³
        // `clamped(lowerBound:upperBound:)` is not inlined for SIMD8; masked replacement is.
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.7)
        let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        let shifted = clamped * 1.442_695_04 + magic  // log2(e)·x, rounded to an integer by the addition
        let n = shifted - magic
        let r = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = SIMD8<Float>(repeating: 1.0 / 5040)
        for coefficient: Float in [1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1] {
            p = SIMD8(repeating: coefficient).addingProduct(p, r)  // Horner step p·r + c as one fused multiply-add
        }
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000  // n, from the mantissa bits
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
        return (p * scale).replacing(with: 0, where: x .< low)
    }

    /// Adds `vector` (`width` floats) to each of `count` rows (rows `stride` apart): a bias, before a product
    /// accumulates onto the rows.
    package static func addRowVector(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int, stride: Int,
                                     _ vector: UnsafePointer<Float>) {
        for row in 0..<count {
            let target = rows + row * stride
            for column in 0..<width { target[column] += vector[column] }
        }
    }

    /// Copies `vector` (`width` floats) into each of `count` rows (rows `stride` apart).
    package static func fillRows(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int, stride: Int,
                                 with vector: UnsafePointer<Float>) {
        for row in 0..<count { (rows + row * stride).update(from: vector, count: width) }
    }

    /// GELU(x + bias) over `count` rows of `width` floats, packed back to back, in place (`width` a multiple of 8).
    package static func geluAddingBias(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int,
                                       bias: UnsafePointer<Float>) {
        precondition(width % 8 == 0, "GELU rows must be whole 8-lane vectors")
        let b = UnsafeRawPointer(bias)
        for row in 0..<count {
            let raw = UnsafeMutableRawPointer(rows + row * width)
            for offset in Swift.stride(from: 0, to: width * 4, by: 32) {
                let x = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                    + b.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                raw.storeBytes(of: gelu(x), toByteOffset: offset, as: SIMD8<Float>.self)
            }
        }
    }

    /// GELU(x) = x·Φ(x) = x·(1 + erf(x/√2))/2, the exact form BERT was trained with (not the tanh approximation),
    /// in place over `count` floats.
    ///
    /// Φ comes from erfc: with z = |x|/√2, erfc(z) = t·exp(−z² + P(t)) where t = 1/(1 + z/2) and P is the degree-9
    /// polynomial below, fitted by least squares to erfc on z ∈ [0, 10] (`fit_erfc_coefficients` in
    /// scripts/minilm_reference.py); relative error < 7e-8, so Φ is within 2e-7 of exact everywhere.
    package static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        var index = 0
        while index < count {
            let lanes = min(8, count - index)
            var x = SIMD8<Float>()
            for lane in 0..<lanes { x[lane] = values[index + lane] }
            let y = gelu(x)
            for lane in 0..<lanes { values[index + lane] = y[lane] }
            index += 8
        }
    }

    @inline(__always)
    static func gelu(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        let z = magnitude * 0.707_106_78  // |x|/√2
        let t = 1 / (z * 0.5 + 1)
        // P(t) by Horner's rule, c9 first: c0…c9 = −1.26546971, 0.99911135, 0.38220348, 0.05734954, −0.06999966,
        // 0.06173719, −0.8769476, 1.29882676, −0.7437186, 0.15690732.
        var p = SIMD8<Float>(repeating: 0.156_907_32)
        for coefficient: Float in [-0.743_718_6, 1.298_826_76, -0.876_947_6, 0.061_737_19, -0.069_999_66,
                                   0.057_349_54, 0.382_203_48, 0.999_111_35, -1.265_469_71] {
            p = SIMD8(repeating: coefficient).addingProduct(p, t)
        }
        let halfErfc = 0.5 * t * exp(p - z * z)
        let phi = (1 - halfErfc).replacing(with: halfErfc, where: x .< 0)  // Φ(x) = 1 − erfc(z)/2, Φ(−x) = erfc(z)/2
        return x * phi
    }

    /// Each of `rows` rows of `width` floats (rows `stride` apart) becomes (x − mean)/√(variance + epsilon)·γ + β.
    package static func layerNorm(_ rows: UnsafeMutablePointer<Float>, count: Int, width: Int, stride: Int,
                                  gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float) {
        precondition(width % 8 == 0, "LayerNorm works on whole 8-lane vectors")
        for row in 0..<count {
            let raw = UnsafeMutableRawPointer(rows + row * stride)
            var sum = SIMD8<Float>()
            for offset in Swift.stride(from: 0, to: width * 4, by: 32) {
                sum += raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
            }
            let mean = sum.sum() / Float(width)
            var squares = SIMD8<Float>()
            for offset in Swift.stride(from: 0, to: width * 4, by: 32) {
                let centered = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) - mean
                squares = squares.addingProduct(centered, centered)
            }
            let scale = 1 / (squares.sum() / Float(width) + epsilon).squareRoot()
            let g = UnsafeRawPointer(gamma), b = UnsafeRawPointer(beta)
            for offset in Swift.stride(from: 0, to: width * 4, by: 32) {
                let centered = raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self) - mean
                raw.storeBytes(of: centered * scale * g.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                                   + b.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self),
                               toByteOffset: offset, as: SIMD8<Float>.self)
            }
        }
    }

    /// Softmax of `scale`·x over `count` floats in place: exp(scale·(x − max)) / Σ exp(scale·(x − max)), scale > 0
    /// (attention's 1/√d folded in here rather than in a pass of its own).
    package static func softmax(_ values: UnsafeMutablePointer<Float>, count: Int, scale: Float = 1) {
        guard count > 0 else { return }
        var maximum = -Float.infinity
        for index in 0..<count { maximum = max(maximum, values[index]) }
        var sum = SIMD8<Float>()
        var index = 0
        while index < count {
            // One loop for whole vectors and the tail (padded with −∞, whose exp is 0): one inlined exp, not two.
            let lanes = min(8, count - index)
            let raw = UnsafeMutableRawPointer(values + index)
            var x = SIMD8<Float>(repeating: -.infinity)
            if lanes == 8 {
                x = raw.loadUnaligned(as: SIMD8<Float>.self)
            } else {
                for lane in 0..<lanes { x[lane] = values[index + lane] }
            }
            let e = exp((x - maximum) * scale)
            if lanes == 8 {
                raw.storeBytes(of: e, as: SIMD8<Float>.self)
            } else {
                for lane in 0..<lanes { values[index + lane] = e[lane] }
            }
            sum += e
            index += 8
        }
        let inverse = 1 / sum.sum()
        for index in 0..<count { values[index] *= inverse }
    }
}
