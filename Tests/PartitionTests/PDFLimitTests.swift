import Testing
import Threading
@testable import Partition

/// Hostile and broken files end in a `PartitionError`, quickly and without unbounded memory.
@Suite struct PDFLimitTests {
    @Test func emptyAndForeignInput() {
        #expect(pdfError([])?.code == "empty_document")
        #expect(pdfError(Array("Just some text, not a PDF.".utf8))?.code == "unsupported_format")
        #expect(pdfError(Array("%PDF-1.7\n%%EOF\n".utf8))?.code == "pdf_malformed")
    }

    @Test func truncatedFileReadsWhatItCan() throws {
        let bytes = PDFTestWriter.document(content: PDFTestWriter.lines(["Truncated but readable"])).build()
        // Cut off the xref and trailer: the objects are still there.
        let cut = Array(bytes.prefix(bytes.count - 120))
        #expect(try partitionPDF(cut).text == "Truncated but readable")
        // Cut inside the content stream: whatever is left either reads or fails cleanly.
        for length in stride(from: 0, to: bytes.count, by: 37) {
            if let error = pdfError(Array(bytes.prefix(length))) {
                #expect(["pdf_malformed", "no_text", "empty_document", "unsupported_format"].contains(error.code))
            }
        }
    }

    @Test func operatorFloodHitsTheOperatorLimit() {
        var limits = PartitionLimits()
        limits.maxOperatorsPerPage = 10_000
        let flood = String(repeating: "q Q ", count: 20_000)
        let bytes = PDFTestWriter.document(content: flood + PDFTestWriter.lines(["late"])).build()
        #expect(pdfError(bytes, limits: limits)?.code == "operator_limit")
    }

    @Test func glyphFloodCountsAgainstTheOperatorLimit() {
        var limits = PartitionLimits()
        limits.maxOperatorsPerPage = 100_000
        let huge = "BT /F1 1 Tf 0 0 Td (" + String(repeating: "x", count: 200_000) + ") Tj ET"
        let bytes = PDFTestWriter.document(content: huge, deflate: true).build()
        #expect(pdfError(bytes, limits: limits)?.code == "operator_limit")
    }

    @Test func pathologicalLayoutStaysFast() throws {
        // 20,000 one-letter lines a hundredth of a point apart, and 20,000 different letters on one spot.
        var content = "BT /F1 10 Tf\n"
        for index in 0..<20_000 { content += "1 0 0 1 72 \(500 + Double(index) / 100) Tm (\(index % 10)) Tj\n" }
        for index in 0..<20_000 { content += "1 0 0 1 300 300 Tm (\(index % 7)) Tj\n" }
        content += "ET"
        let start = MonotonicClock.now
        _ = try partitionPDF(PDFTestWriter.document(content: content, deflate: true).build())
        #expect(Double(MonotonicClock.now - start) / 1e9 < 10)
    }

    @Test func qFloodDoesNotGrowTheStateStackWithoutBound() throws {
        let content = String(repeating: "q ", count: 100_000) + PDFTestWriter.lines(["deep"])
        #expect(try partitionPDF(PDFTestWriter.document(content: content, deflate: true).build()).text == "deep")
    }

    @Test func deeplyNestedObjectFailsWithNestingLimit() {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["nested"]))
        writer.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Deep " + String(repeating: "[", count: 10_000)
            + String(repeating: "]", count: 10_000) + " >>")
        #expect(pdfError(writer.build())?.code == "nesting_limit")
    }

    @Test func formRecursionIsBounded() throws {
        var writer = PDFTestWriter()
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        writer.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        writer.add(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>")
        writer.addStream(4, text: "/X Do")
        writer.add(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        // The form draws itself and another form that draws the first one.
        writer.addStream(6, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R /Y 7 0 R >> >>",
                         text: "BT /F1 12 Tf 72 700 Td (Form text) Tj ET /X Do /Y Do")
        writer.addStream(7, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X 6 0 R >> >>",
                         text: "/X Do")
        let text = try partitionPDF(writer.build()).text
        #expect(text.hasPrefix("Form text"))
    }

    @Test func decompressionBombInContent() {
        let bomb = [UInt8](repeating: 0x20, count: 32 * 1024 * 1024)
        var writer = PDFTestWriter.document(content: "")
        writer.addStream(4, data: bomb, deflate: true)
        #expect(pdfError(writer.build())?.code == "decompression_limit")
    }

    @Test func pageLimit() {
        var limits = PartitionLimits()
        limits.maxPages = 3
        var writer = PDFTestWriter()
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        let kids = (10..<20).map { "\($0) 0 R" }.joined(separator: " ")
        writer.add(2, "<< /Type /Pages /Kids [\(kids)] /Count 10 >>")
        for number in 10..<20 { writer.add(number, "<< /Type /Page /Parent 2 0 R >>") }
        #expect(pdfError(writer.build(), limits: limits)?.code == "page_limit")
    }

    @Test func timeLimit() {
        var limits = PartitionLimits()
        limits.maxSeconds = 0
        let bytes = PDFTestWriter.document(content: PDFTestWriter.lines(["too slow"])).build()
        #expect(pdfError(bytes, limits: limits)?.code == "time_limit")
    }

    @Test func noTextAtAll() {
        let bytes = PDFTestWriter.document(content: "0 0 m 100 100 l S").build()
        #expect(pdfError(bytes)?.code == "no_text")
    }
}
