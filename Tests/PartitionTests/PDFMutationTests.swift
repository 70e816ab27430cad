import Testing
import TestSupport
@testable import Partition

/// Seeded mutations of valid files (flipped bytes, cut and repeated spans, injected tokens): every result is text or a
/// `PartitionError`, never a trap. Complements the damaged and fuzzed files of the pdf.js corpus.
@Suite struct PDFMutationTests {
    private static let tokens = ["<<", ">>", "[", "]", "(", ")", "obj", "endobj", "stream", "endstream", " R ", "xref",
                                 "trailer", "startxref", "999999999999999999999", "-1", "1e308", "/Length 0 R", "BT",
                                 "ET", "Tj", "TJ", "cm", "q", "Q", "Do", "BI", "ID", "EI", "/Filter /FlateDecode"]

    private static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            guard !result.isEmpty else { break }
            let position = Int.random(in: 0..<result.count, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                result[position] = UInt8.random(in: 0...255, using: &random)
            case 1:
                result.removeSubrange(position..<min(result.count, position + Int.random(in: 1...200, using: &random)))
            case 2:
                let end = min(result.count, position + Int.random(in: 1...200, using: &random))
                result.insert(contentsOf: result[position..<end], at: Int.random(in: 0...result.count, using: &random))
            case 3:
                result.insert(contentsOf: Array(tokens.randomElement(using: &random)!.utf8), at: position)
            default:
                result = Array(result.prefix(position))
            }
        }
        return result
    }

    private static func sources() -> [[UInt8]] {
        var sources: [[UInt8]] = []
        sources.append(PDFTestWriter.document(content: PDFTestWriter.lines(["Plain text in a plain file", "second"])).build())
        var compressed = PDFTestWriter.document(content: PDFTestWriter.lines(["Objects in a stream"]), deflate: true)
        compressed.compressed = [1, 2, 3, 5]
        sources.append(compressed.build(xref: .stream))
        sources.append(PDFSecurityTests.Encryptor(scheme: .aesV2).document(text: "Encrypted text"))
        if let real = SharedData.read("pdfs/pdfjs/issue6342.pdf") { sources.append(real) }
        return sources
    }

    @Test func mutatedFilesNeverCrash() {
        var random = SplitMix64(seed: 0x5EED_0F_BDF)
        var outcomes: [String: Int] = [:]
        for source in Self.sources() {
            for _ in 0..<150 {
                let mutated = Self.mutate(source, using: &random)
                do {
                    _ = try PDFPartitioner.partition(mutated, budget: PartitionBudget())
                    outcomes["text", default: 0] += 1
                } catch {
                    #expect(!error.code.isEmpty)
                    outcomes[error.code, default: 0] += 1
                }
            }
        }
        #expect(outcomes.values.reduce(0, +) >= 450)
        #expect(outcomes["text", default: 0] > 0)
    }
}
