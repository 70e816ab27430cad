import Testing
@testable import VectorIndex

/// The byte copies of the vectors that queries walk the graph with: the rounding, the kernel, and that what a
/// search returns is still measured at full precision.
@Suite struct QuantizationTests {
    @Test func eachComponentIsWithinHalfAStepAndTheLargestUsesTheWholeRange() {
        let data = Fixture(count: 50, dimension: 384, seed: 71)
        let padded = VectorMath.paddedDimension(384)
        var codes = [Int8](repeating: 0, count: padded)
        for row in data.rows {
            let source = row + [Float](repeating: 0, count: padded - row.count)
            let scale = source.withUnsafeBufferPointer { from in
                codes.withUnsafeMutableBufferPointer {
                    VectorMath.quantize(from.baseAddress!, into: $0.baseAddress!, count: padded)
                }
            }
            let largest = source.map(abs).max()!
            #expect(abs(scale - largest / 127) <= 1e-9)
            #expect(codes.map { abs(Int($0)) }.max() == 127)
            for index in 0..<padded {
                #expect(abs(source[index] - scale * Float(codes[index])) <= scale / 2 * 1.0001)
            }
            #expect(codes[384...].allSatisfy { $0 == 0 })  // padding stays zero
        }
    }

    @Test func aZeroRowHasScaleZeroAndZeroCodes() {
        let zeros = [Float](repeating: 0, count: 16)
        var codes = [Int8](repeating: 5, count: 16)
        let scale = VectorMath.quantize(zeros, into: &codes, count: 16)
        #expect(scale == 0)
        #expect(codes.allSatisfy { $0 == 0 })
    }

    @Test func theKernelMatchesAScalarSumOverTheWholeByteRange() {
        var random = SplitMix64(seed: 404)
        for count in [16, 32, 48, 384, 400] {
            let floats = (0..<count).map { _ in Float(Int(random.next() % 2001) - 1000) / 997 }
            // Every byte value, -128 included, although quantize never writes it.
            let bytes = (0..<count).map { Int8(truncatingIfNeeded: Int($0 * 37 + Int(random.next() % 3))) }
            let expected = zip(floats, bytes).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let computed = VectorMath.dot(floats, bytes, count: count)
            #expect(abs(Double(computed) - expected) <= 1e-4 * max(1, abs(expected)), "count \(count)")
        }
    }

    @Test func quantizedDistancesStayWithinTheirBoundAndAreCloseOnAverage() throws {
        let data = Fixture(count: 400, dimension: 384, seed: 72)
        var store = NodeStore(dimension: 384, m: 8, capacity: 300)
        defer { store.deallocate() }
        let padding = [Float](repeating: 0, count: store.paddedDimension - 384)
        let stored = data.rows.prefix(300).enumerated().map { row, vector in
            store.append(vector: vector + padding, label: UInt64(row), level: 0)
        }
        var worst: Float = 0
        var total: Double = 0
        var measured = 0
        for query in data.rows[300...] {
            let sumOfMagnitudes = query.map(abs).reduce(0, +)
            let padded = query + [Float](repeating: 0, count: store.paddedDimension - query.count)
            padded.withUnsafeBufferPointer { pointer in
                for id in stored {
                    let exact = store.distance(pointer.baseAddress!, id)
                    let quantized = store.quantizedDistance(pointer.baseAddress!, id)
                    let bound = store.codeScales[Int(id)] / 2 * sumOfMagnitudes
                    #expect(abs(exact - quantized) <= bound * 1.001 + 1e-6)
                    worst = max(worst, abs(exact - quantized))
                    total += Double(abs(exact - quantized))
                    measured += 1
                }
            }
        }
        #expect(total / Double(measured) < 1e-3, "mean error \(total / Double(measured)), worst \(worst)")
    }

    @Test func searchScoresAreTheFullPrecisionOnes() throws {
        let data = Fixture(count: 1_200, dimension: 64, seed: 73)
        let index = HNSWIndex(dimension: 64, parameters: testParameters(efConstruction: 80))
        let exact = ExactIndex(dimension: 64)
        try data.load(prefix: 1_000, into: index, exact)
        for query in data.rows[1_000...] {
            let exactScores = Dictionary(uniqueKeysWithValues: try exact.search(query, k: 1_000, ef: nil, filter: nil)
                .map { ($0.label, $0.score) })
            for hit in try index.search(query, k: 10, ef: 64, filter: nil) {
                #expect(abs(hit.score - exactScores[hit.label]!) <= 1e-6)
            }
        }
    }
}
