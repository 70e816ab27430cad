import Testing
@testable import Partition

/// Stream filters and predictors (PDF 32000-1 §7.4), including hostile inputs.
@Suite struct PDFFilterTests {
    private let sample = Array("The quick brown fox jumps over the lazy dog. ".utf8) + Array(0...255).map { UInt8($0) }

    private func decode(_ data: [UInt8], _ filters: [String], _ parameters: [PDFDictionary?] = [],
                        limits: PartitionLimits = PartitionLimits()) throws(PartitionError) -> [UInt8]? {
        try StreamFilters.decode(data[...], filters: filters, parameters: parameters,
                                 budget: PartitionBudget(limits: limits))
    }

    @Test func flateRoundTripAndRawDeflate() throws {
        #expect(try decode(PDFTestWriter.deflate(sample), ["FlateDecode"]) == sample)
        // Without the two-byte zlib header (raw deflate), the decoder retries.
        let raw = Array(PDFTestWriter.deflate(sample).dropFirst(2))
        #expect(try decode(raw, ["Fl"]) == sample)
    }

    @Test func truncatedFlateKeepsWhatDecoded() throws {
        let long = Array(repeating: Array("line of text\n".utf8), count: 2_000).flatMap { $0 }
        let compressed = PDFTestWriter.deflate(long)
        let decoded = try #require(try decode(Array(compressed.prefix(compressed.count / 2)), ["FlateDecode"]))
        #expect(decoded.count > 0)
        #expect(decoded == Array(long.prefix(decoded.count)))
    }

    @Test func pngPredictors() throws {
        // Two rows of 4 bytes, filter types Sub (1) and Up (2).
        let rows: [UInt8] = [1, 10, 1, 1, 1, 2, 5, 5, 5, 5]
        var parameters = PDFDictionary()
        parameters["Predictor"] = .integer(12)
        parameters["Columns"] = .integer(4)
        let decoded = try decode(PDFTestWriter.deflate(rows), ["FlateDecode"], [parameters])
        #expect(decoded == [10, 11, 12, 13, 15, 16, 17, 18])
        // Average (3) and Paeth (4) against a known previous row.
        let more: [UInt8] = [0, 100, 100, 3, 10, 10, 4, 1, 1]
        parameters["Columns"] = .integer(2)
        #expect(try decode(PDFTestWriter.deflate(more), ["FlateDecode"], [parameters]) == [100, 100, 60, 90, 61, 91])
    }

    @Test func tiffPredictor() throws {
        var parameters = PDFDictionary()
        parameters["Predictor"] = .integer(2)
        parameters["Colors"] = .integer(1)
        parameters["Columns"] = .integer(3)
        #expect(try decode(PDFTestWriter.deflate([5, 1, 1, 7, 2, 2]), ["FlateDecode"], [parameters])
            == [5, 6, 7, 7, 9, 11])
    }

    /// LZW encoder for tests (the inverse of §7.4.4.2), with or without early change.
    private func lzw(_ data: [UInt8], earlyChange: Bool = true) -> [UInt8] {
        var table: [[UInt8]: Int] = [:]
        for value in 0..<256 { table[[UInt8(value)]] = value }
        var next = 258
        var width = 9
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        func emit(_ code: Int) {
            buffer = buffer << UInt32(width) | UInt32(code)
            bits += width
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits - 8)))
                bits -= 8
            }
        }
        emit(256)
        var current: [UInt8] = []
        for byte in data {
            if table[current + [byte]] != nil {
                current.append(byte)
                continue
            }
            emit(table[current]!)
            table[current + [byte]] = next
            next += 1
            if next + (earlyChange ? 1 : 0) > 1 << width, width < 12 { width += 1 }
            current = [byte]
        }
        if !current.isEmpty { emit(table[current]!) }
        emit(257)
        if bits > 0 { output.append(UInt8(truncatingIfNeeded: buffer << UInt32(8 - bits))) }
        return output
    }

    @Test func lzwWithAndWithoutEarlyChange() throws {
        let text = Array(repeating: Array("TOBEORNOTTOBEORTOBEORNOT#".utf8), count: 60).flatMap { $0 }
        #expect(try decode(lzw(text), ["LZWDecode"]) == text)
        var parameters = PDFDictionary()
        parameters["EarlyChange"] = .integer(0)
        #expect(try decode(lzw(text, earlyChange: false), ["LZWDecode"], [parameters]) == text)
    }

    @Test func asciiFilters() throws {
        #expect(try decode(Array("48 65\n6c 6C 6f7>junk".utf8), ["ASCIIHexDecode"]) == Array("Hello".utf8) + [0x70])
        #expect(try decode(Array("87cURD]j7BEbo7~>".utf8), ["ASCII85Decode"]) == Array("Hello world".utf8))
        #expect(try decode(Array("z!!~>".utf8), ["A85"]) == [0, 0, 0, 0, 0])
        // Garbage outside the alphabet is skipped, never a crash.
        let garbage = (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
        #expect(try decode(garbage, ["ASCII85Decode"]) != nil)
    }

    @Test func runLength() throws {
        #expect(try decode([2, 65, 66, 67, 253, 68, 128, 69], ["RunLengthDecode"]) == Array("ABCDDDD".utf8))
    }

    @Test func chainedFiltersAndImageFilters() throws {
        let hex = Array(PDFTestWriter.deflate(sample).map { byte in
            let digits = Array("0123456789ABCDEF".utf8)
            return [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
        }.joined())
        #expect(try decode(hex, ["ASCIIHexDecode", "FlateDecode"]) == sample)
        #expect(try decode(sample, ["DCTDecode"]) == nil)
        #expect(try decode(sample, ["NoSuchFilter"]) == nil)
    }

    @Test func deflateBombStopsAtTheRatioLimit() {
        let bomb = PDFTestWriter.deflate([UInt8](repeating: 0, count: 16 * 1024 * 1024))
        do {
            _ = try decode(bomb, ["FlateDecode"])
            Issue.record("expected decompression_limit")
        } catch {
            #expect(error.code == "decompression_limit")
        }
    }

    @Test func totalDecompressionIsBounded() {
        var limits = PartitionLimits()
        limits.maxDecompressedBytes = 100_000
        let text = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        #expect(throws: PartitionError.decompressionLimit("more than 100000 bytes in total")) {
            try decode(PDFTestWriter.deflate(text), ["FlateDecode"], limits: limits)
        }
    }

    @Test func runLengthAndLZWRunawayStop() {
        // 2 bytes of RunLength yield 128: 64-fold, under the ratio limit, so the total limit stops it.
        var limits = PartitionLimits()
        limits.maxDecompressedBytes = 1024 * 1024
        let runs = (0..<100_000).map { UInt8($0 % 2 == 0 ? 129 : 0) }
        #expect(throws: PartitionError.self) { try decode(runs, ["RunLengthDecode"], limits: limits) }
        #expect(throws: PartitionError.self) { try decode(lzwBomb(), ["LZWDecode"]) }
    }

    /// LZW codes 65, 258, 259 … 4095 (each one more "A" than the last), then 4095 again: 6 KB that expand to 8 MB.
    private func lzwBomb() -> [UInt8] {
        var output: [UInt8] = []
        var buffer: UInt64 = 0
        var bits = 0
        var width = 9
        var next = 258
        var previous = -1
        func emit(_ code: Int) {
            buffer = buffer << UInt64(width) | UInt64(code)
            bits += width
            while bits >= 8 {
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt64(bits - 8)))
                bits -= 8
            }
            if previous >= 0, next < 4096 { next += 1 }
            previous = code
            if next + 1 >= 1 << width, width < 12 { width += 1 }
        }
        emit(65)
        for code in 258..<4096 { emit(code) }
        for _ in 0..<200 { emit(4095) }
        return output
    }
}
