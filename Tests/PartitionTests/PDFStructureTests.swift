import Testing
@testable import Partition

/// File structure (PDF 32000-1 §7.5): xref tables and streams, object streams, incremental updates, repair.
@Suite struct PDFStructureTests {
    private func text(_ bytes: [UInt8]) throws -> String { try partitionPDF(bytes).text }

    @Test func classicTable() throws {
        let writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Hello from a classic table"]))
        #expect(try text(writer.build()) == "Hello from a classic table")
    }

    @Test func xrefStreamWithObjectStream() throws {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Objects inside an object stream"]),
                                            deflate: true)
        writer.compressed = [1, 2, 3, 5]
        let bytes = writer.build(xref: .stream)
        #expect(try text(bytes) == "Objects inside an object stream")
        let document = try PDFDocument(source: bytes, budget: PartitionBudget())
        #expect(!document.isRepaired)
        if case .compressed? = document.table[3] {} else { Issue.record("page 3 should be in the object stream") }
    }

    @Test func incrementalUpdateWins() throws {
        let original = PDFTestWriter.document(content: PDFTestWriter.lines(["Old text"])).build()
        var update = PDFTestWriter()
        update.addStream(4, text: PDFTestWriter.lines(["New text"]))
        let updated = update.build(prefix: original, previous: PDFTestWriter.startXRef(of: original))
        #expect(try text(updated) == "New text")
        // The same update appended as an xref stream (mixing both kinds in one chain).
        let viaStream = update.build(xref: .stream, prefix: original, previous: PDFTestWriter.startXRef(of: original))
        #expect(try text(viaStream) == "New text")
    }

    @Test func brokenOffsetsAreRepaired() throws {
        let writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Found by scanning"]))
        let bytes = writer.build(xref: .wrongOffsets)
        #expect(try text(bytes) == "Found by scanning")
        let document = try PDFDocument(source: bytes, budget: PartitionBudget())
        _ = try document.object(PDFReference(number: 4, generation: 0))
        #expect(document.isRepaired)
    }

    @Test func missingXRefIsRebuilt() throws {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["No xref at all"]))
        writer.trailerExtra = ""
        #expect(try text(writer.build(xref: .none)) == "No xref at all")
        // Without any trailer, the catalog is found by its type.
        var bare = writer.build(xref: .none)
        bare += Array("garbage after the end".utf8)
        #expect(try text(bare) == "No xref at all")
    }

    @Test func repairPicksUpObjectStreamsAndLaterDefinitions() throws {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["First version"]), deflate: true)
        writer.compressed = [2, 3, 5]
        var bytes = writer.build(xref: .stream)
        // Destroy the xref stream's offset and append a newer definition of the content stream.
        let marker = Array("startxref".utf8)
        if let position = (0..<(bytes.count - marker.count)).last(where: { Array(bytes[$0..<$0 + marker.count]) == marker }) {
            bytes.replaceSubrange(position..<bytes.count, with: Array("startxref\n99999999\n%%EOF\n".utf8))
        }
        bytes += Array("4 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf 72 700 Td (Second version) Tj ET\nendstream\nendobj\n".utf8)
        #expect(try text(bytes) == "Second version")
    }

    @Test func prevLoopEnds() throws {
        // A table whose /Prev points at itself.
        let writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Loop"]))
        let original = writer.build()
        let xref = PDFTestWriter.startXRef(of: original)
        let looped = writer.build(previous: xref)
        #expect(try text(looped) == "Loop")
        // Two sections pointing at each other.
        var update = PDFTestWriter()
        update.addStream(4, text: PDFTestWriter.lines(["Updated loop"]))
        var bytes = update.build(prefix: original, previous: xref)
        let second = PDFTestWriter.startXRef(of: bytes)
        bytes = Array(String(decoding: bytes, as: UTF8.self).replacingFirst("/Prev \(xref)", with: "/Prev \(second)").utf8)
        #expect(pdfError(bytes) == nil || pdfError(bytes)?.code == "pdf_malformed")
    }

    @Test func referenceCyclesReadAsNull() throws {
        var writer = PDFTestWriter()
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        writer.add(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        writer.add(3, "<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
        writer.addStream(4, "/Extra 7 0 R", text: PDFTestWriter.lines(["Cycles are harmless"]))
        writer.add(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        writer.add(6, "7 0 R")
        writer.add(7, "6 0 R")
        #expect(try text(writer.build()) == "Cycles are harmless")
        let document = try PDFDocument(source: writer.build(), budget: PartitionBudget())
        #expect(try document.resolve(.reference(PDFReference(number: 6, generation: 0))).isNull)
    }

    @Test func streamLengthPointingAtItself() throws {
        var writer = PDFTestWriter.document(content: "")
        let content = PDFTestWriter.lines(["Self length"])
        writer.add(4, "<< /Length 4 0 R >>\nstream\n\(content)\nendstream")
        #expect(try text(writer.build()) == "Self length")
    }

    @Test func chainedIndirectLengthsDoNotExhaustTheStack() throws {
        // Each stream's /Length is the next stream: loading one would load them all, recursively.
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Chained"]))
        for number in 10..<5_010 {
            writer.add(number, "<< /Length \(number + 1) 0 R >>\nstream\nxx\nendstream")
        }
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R /Chain 10 0 R >>")
        let bytes = writer.build()
        #expect(try text(bytes) == "Chained")
        let document = try PDFDocument(source: bytes, budget: PartitionBudget())
        #expect(try document.resolve(.reference(PDFReference(number: 10, generation: 0))).stream != nil)
    }

    @Test func pageTreeLoopIsCut() throws {
        var writer = PDFTestWriter()
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R >>")
        writer.add(2, "<< /Type /Pages /Kids [3 0 R 6 0 R 2 0 R] /Count 2 >>")
        writer.add(3, "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>")
        writer.addStream(4, text: PDFTestWriter.lines(["Page one"]))
        writer.add(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        writer.add(6, "<< /Type /Pages /Kids [2 0 R 6 0 R 3 0 R] /Count 1 >>")
        let document = try partitionPDF(writer.build())
        #expect(document.text == "Page one")
        #expect(document.metadata.pageCount == 1)
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        return self[..<range.lowerBound] + replacement + self[range.upperBound...]
    }
}
