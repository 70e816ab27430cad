import Testing
@testable import Partition
import TestSupport

@Suite("Format sniffer")
struct SnifferTests {
    private func detect(_ text: String, _ declaredType: String? = nil, _ filename: String? = nil) -> DocumentFormat? {
        FormatSniffer.detect(Array(text.utf8), declaredType: declaredType, filename: filename)
    }

    private static let docx = DocxFixture.package(DocxFixture.document(DocxFixture.paragraph("hello")))

    @Test func magicBytesBeatTheDeclaredType() {
        #expect(detect("%PDF-1.7\n1 0 obj", "text/plain", "notes.txt") == .pdf)
        #expect(detect(String(repeating: " ", count: 900) + "%PDF-1.4", nil, nil) == .pdf)
        #expect(detect(String(repeating: " ", count: 1100) + "%PDF-1.4", nil, nil) == .text)
        #expect(detect("Just some notes.", "application/pdf", "report.pdf") == .text)
        #expect(FormatSniffer.detect(Self.docx, declaredType: "application/zip", filename: "report.zip") == .docx)
        #expect(FormatSniffer.detect(Self.docx, declaredType: "text/plain", filename: nil) == .docx)
    }

    @Test func refusesZipsThatAreNotWordDocuments() {
        var zip = ZipFixture()
        zip.add("[Content_Types].xml", "<Types/>")
        zip.add("xl/workbook.xml", "<workbook/>")
        #expect(FormatSniffer.detect(zip.build(), declaredType: nil, filename: "book.xlsx") == nil)
    }

    @Test func sendsDamagedWordPackagesToTheDocxReader() {
        let truncated = Array(Self.docx.prefix(Self.docx.count / 2))
        #expect(FormatSniffer.detect(truncated, declaredType: nil, filename: nil) == .docx)
    }

    @Test func refusesBinaryData() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + [UInt8](repeating: 0, count: 40)
        #expect(FormatSniffer.detect(png, declaredType: "text/plain", filename: "a.txt") == nil)
    }

    @Test func givesEmptyFilesTheirHint() {
        #expect(FormatSniffer.detect([], declaredType: "text/csv", filename: nil) == .csv)
        #expect(FormatSniffer.detect([], declaredType: nil, filename: nil) == .text)
    }

    @Test func recognisesHTML() {
        #expect(detect("<!DOCTYPE html><html><body>x</body></html>") == .html)
        #expect(detect("  <!-- generated -->\n<HTML lang=en>") == .html)
        #expect(detect("<div class=note><p>Fragment</p></div>") == .html)
        #expect(detect("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">") == .html)
        #expect(detect("<root><item/></root>") == .text)
        #expect(detect("Hello <b>there</b>", "text/html") == .html)
    }

    @Test func recognisesJSONAndJSONLines() {
        #expect(detect("  {\"a\": [1, 2]}") == .json)
        #expect(detect("[1, 2, 3]", "text/plain") == .json)
        #expect(detect("{\"a\": 1}\n{\"a\": 2}\n") == .json)
        #expect(detect("{broken", "application/json") == .json)
        #expect(detect(String(repeating: "[", count: 5_000)) == .json)
        #expect(detect("[link](https://example.com) is markdown-ish, not JSON") != .json)
    }

    @Test func decidesAmongTextFormats() {
        #expect(detect("plain words", "text/markdown") == .markdown)
        #expect(detect("plain words", nil, "README.md") == .markdown)
        #expect(detect("# Title\n\nSome text with a [link](x).\n\n- item\n") == .markdown)
        #expect(detect("```\ncode\n```\n\n## Usage\n") == .markdown)
        #expect(detect("Hello, world. Not markdown # at all.\n\n* one star\n") == .text)
        #expect(detect("a,b", "text/csv") == .csv)
        #expect(detect("id;name;price\n1;Widget;2,50\n2;Gadget;3,00\n3;Gizmo;4,10\n") == .csv)
        #expect(detect("Dear team, thanks.\nSee you, soon, maybe.\nBest\n") == .text)
        #expect(detect("<p>starts like html</p>", nil, "notes.md") == .markdown)
    }

    @Test func recognisesUTF16Text() {
        var bytes: [UInt8] = []
        for unit in "Plain text in UTF-16 without a byte order mark.".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(FormatSniffer.detect(bytes, declaredType: nil, filename: nil) == .text)
    }

    @Test func reportsMismatches() {
        let zipLabel = FormatSniffer.mismatch(detected: .docx, declaredType: "application/zip", filename: "a.docx")
        #expect(zipLabel == FormatSniffer.Mismatch(declaredType: "application/zip", declaredFormat: nil, filename: "a.docx", detected: .docx))
        let pdfAsText = FormatSniffer.mismatch(detected: .pdf, declaredType: "text/plain; charset=utf-8", filename: "x.pdf")
        #expect(pdfAsText?.declaredFormat == .text)
        #expect(FormatSniffer.mismatch(detected: .text, declaredType: "application/pdf", filename: nil)?.detected == .text)
        #expect(FormatSniffer.mismatch(detected: .docx, declaredType: nil, filename: "report.pdf") != nil)
        #expect(FormatSniffer.mismatch(detected: .markdown, declaredType: "text/plain", filename: "notes.md") == nil)
        #expect(FormatSniffer.mismatch(detected: .pdf, declaredType: "application/octet-stream", filename: nil) == nil)
        #expect(FormatSniffer.mismatch(detected: .csv, declaredType: "application/vnd.ms-excel", filename: "a.csv") == nil)
        #expect(FormatSniffer.mismatch(detected: .html, declaredType: "text/plain", filename: nil) != nil)
    }

    @Test func mapsMediaTypesAndExtensions() {
        #expect(FormatSniffer.format(forMediaType: "Application/LD+JSON") == .json)
        #expect(FormatSniffer.format(forMediaType: " text/html ; charset=UTF-8") == .html)
        #expect(FormatSniffer.format(forMediaType: "image/png") == nil)
        #expect(FormatSniffer.format(forFilename: "Report.Final.DOCX") == .docx)
        #expect(FormatSniffer.format(forFilename: "data.ndjson") == .json)
        #expect(FormatSniffer.format(forFilename: "Makefile") == nil)
    }
}
