@testable import Embedding
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The vectorized element-wise functions against libm in double precision.
@Suite struct EncoderMathTests {
    /// `count` points spread over `range`, end points included.
    private func points(_ range: ClosedRange<Float>, count: Int) -> [Float] {
        (0..<count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Float($0) / Float(count - 1) }
    }

    @Test func softmaxExponentialsAreAccurateAndUnderflowToZero() {
        // softmax([0, x]) = [1, eˣ]/(1 + eˣ): the ratio of the two outputs is the kernel's eˣ (the shared 1/sum
        // cancels up to an ulp). Through softmax because SIMD8 values must not cross the module boundary.
        var worst: Double = 0
        for x in points(-80...80, count: 20_001) {
            var pair: [Float] = [0, x]
            pair.withUnsafeMutableBufferPointer { EncoderMath.softmax($0.baseAddress!, count: 2) }
            let exact = Glibc.exp(Double(x))
            let ratio = Double(pair[1]) / Double(pair[0])
            if pair[0] > 1e-30 && pair[1] > 1e-30 { worst = max(worst, abs(ratio - exact) / exact) }
        }
        #expect(worst < 5e-7, "relative error \(worst)")
        var far: [Float] = [0, -200, 10]
        far.withUnsafeMutableBufferPointer { EncoderMath.softmax($0.baseAddress!, count: 3) }
        #expect(far[1] == 0, "e^-210 underflows to 0, not a denormal or garbage")
    }

    @Test func geluIsTheExactErfForm() {
        var values = points(-12...12, count: 9_999)  // not a multiple of 8: the tail path runs too
        let inputs = values
        values.withUnsafeMutableBufferPointer { EncoderMath.gelu($0.baseAddress!, count: $0.count) }
        var worst: Double = 0
        for (x, y) in zip(inputs, values) {
            let exact = Double(x) * 0.5 * (1 + Glibc.erf(Double(x) / 2.0.squareRoot()))
            worst = max(worst, abs(Double(y) - exact) / max(1, abs(Double(x))))
        }
        // The tanh approximation is off by up to 2e-4 of x: this bound also tells the two forms apart.
        #expect(worst < 1e-6, "error \(worst)")
    }

    @Test func softmaxSumsToOneAndLayerNormCenters() {
        var logits: [Float] = points(-30...40, count: 19)
        logits.withUnsafeMutableBufferPointer { EncoderMath.softmax($0.baseAddress!, count: $0.count, scale: 0.5) }
        #expect(abs(logits.reduce(0, +) - 1) < 1e-6)
        #expect(logits == logits.sorted(), "monotonic inputs keep their order")

        var row = points(-3...50, count: 16)
        let gamma = [Float](repeating: 2, count: 16), beta = [Float](repeating: 1, count: 16)
        row.withUnsafeMutableBufferPointer { buffer in
            EncoderMath.layerNorm(buffer.baseAddress!, count: 1, width: 16, stride: 16, gamma: gamma, beta: beta,
                                 epsilon: 1e-12)
        }
        let centered = row.map { ($0 - 1) / 2 }
        let mean = centered.reduce(0, +) / 16
        let variance = centered.reduce(0) { $0 + $1 * $1 } / 16
        #expect(abs(mean) < 1e-6 && abs(variance - 1) < 1e-5)
    }
}
