import Testing
import TestSupport
@testable import Partition

@Suite("Plain text")
struct TextPartitionerTests {
    private func partition(_ bytes: [UInt8], budget: PartitionBudget = limitedBudget()) throws -> PartitionedDocument {
        try TextPartitioner.partition(bytes, budget: budget)
    }

    private func utf16(_ text: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8), low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    @Test func splitsParagraphsOnBlankLinesAndKeepsLineBreaks() throws {
        let document = try partition(Array("INTRODUCTION\r\n\r\nFirst line\r\nsecond line\r\n \t \r\nNext\rpara\n\n\n".utf8))
        #expect(document.elements.map(\.text) == ["INTRODUCTION", "First line\nsecond line", "Next\npara"])
        #expect(document.elements.map(\.kind) == [.heading, .paragraph, .paragraph])
        #expect(document.elements[1].sectionPath == ["INTRODUCTION"])
        expectOffsetsMatchText(document)
    }

    @Test(arguments: [
        ("2. TERMS OF SERVICE\n\nbody", true),
        ("NOTE: read this.\n\nbody", false),       // sentence punctuation
        ("Introduction\n\nbody", false),           // not all capitals
        ("TWO\nLINES\n\nbody", false),             // more than one line
        ("ALONE AT THE END", false),               // nothing follows
        ("A\n\nbody", false),                      // fewer than two letters
        (String(repeating: "LONG ", count: 20) + "\n\nbody", false),
    ])
    func findsHeadingsConservatively(_ text: String, _ isHeading: Bool) throws {
        let document = try partition(Array(text.utf8))
        #expect((document.elements.first?.kind == .heading) == isHeading)
    }

    @Test func decodesByteOrderMarksAndUTF16() throws {
        let text = "Grüße, 世界\n\nzweiter Absatz"
        let variants: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array(text.utf8),
            utf16(text, bigEndian: false, bom: true),
            utf16(text, bigEndian: true, bom: true),
            utf16(text, bigEndian: false, bom: false),
            utf16(text, bigEndian: true, bom: false),
        ]
        for bytes in variants {
            #expect(try partition(bytes).elements.map(\.text) == ["Grüße, 世界", "zweiter Absatz"])
        }
        #expect(TextDecoding.detect(utf16(text, bigEndian: true, bom: false)).0 == .utf16BigEndian)
    }

    @Test func fallsBackToWindows1252ForInvalidUTF8() throws {
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9, 0x20, 0x80, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x20, 0xFF]
        #expect(TextDecoding.detect(bytes).0 == .windows1252)
        #expect(try partition(bytes).text == "café € “quoted” ÿ")
    }

    @Test func refusesBinaryGarbage() {
        var generator = SplitMix64(seed: 42)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        #expect(partitionFailure { _ = try partition(garbage) }?.code == "unsupported_format")
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + [UInt8](repeating: 0, count: 64)
        #expect(partitionFailure { _ = try partition(elf) }?.code == "unsupported_format")
        let controls = [UInt8](repeating: 0x01, count: 100) + Array("text".utf8)
        #expect(partitionFailure { _ = try partition(controls) }?.code == "unsupported_format")
    }

    @Test func refusesEmptyInput() {
        #expect(partitionFailure { _ = try partition([]) }?.code == "empty_document")
        #expect(partitionFailure { _ = try partition(Array(" \n\t\r\n".utf8)) }?.code == "empty_document")
    }

    @Test func stopsAtTheTextLimit() {
        let text = Array(String(repeating: "word ", count: 1_000).utf8)
        #expect(partitionFailure { _ = try partition(text, budget: limitedBudget { $0.maxTextScalars = 100 }) }?.code == "text_limit")
    }

    @Test func collapsesWhitespaceLikeABrowser() {
        var text = CollapsedText()
        text.append("  leading\t\tand\n inner  ")
        text.appendLineBreak()
        text.append("  after\u{A0}break ")
        text.appendVerbatim("  pre  ")
        #expect(text.text == "leading and inner\nafter break   pre  ")
    }
}
