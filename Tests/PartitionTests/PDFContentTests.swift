import Testing
@testable import Partition

/// The content-stream interpreter (PDF 32000-1 §8–9): text state, matrices, forms, annotations, inline images.
@Suite struct PDFContentTests {
    private func read(_ content: String, pageExtra: String = "",
                      extra: (inout PDFTestWriter) -> Void = { _ in }) throws -> PartitionedDocument {
        var writer = PDFTestWriter.document(content: content, pageExtra: pageExtra)
        extra(&writer)
        return try partitionPDF(writer.build())
    }

    /// The glyphs of page 1 of a one-page document with `content`.
    private func glyphs(_ content: String, pageExtra: String = "") throws -> PageGlyphs {
        let bytes = PDFTestWriter.document(content: content, pageExtra: pageExtra).build()
        let document = try PDFDocument(source: bytes, budget: PartitionBudget())
        let pages = try PageTree(document: document).pages()
        return try ContentInterpreter(document: document, fonts: FontCache(document: document)).glyphs(of: pages[0])
    }

    @Test func textPositioningOperators() throws {
        let page = try glyphs("BT /F1 10 Tf 100 700 Td (A) Tj 20 -10 TD (B) Tj T* (C) Tj 14 TL T* (D) Tj "
            + "2 0 0 2 300 500 Tm (E) Tj ET")
        let points = page.glyphs.map { ($0.x, $0.y) }
        #expect(points.count == 5)
        #expect(points[0] == (100, 700))
        #expect(points[1] == (120, 690))
        #expect(points[2] == (120, 680))  // TD set the leading to 10
        #expect(points[3] == (120, 666))
        #expect(points[4] == (300, 500))
        #expect(page.glyphs[4].fontSize == 20)
    }

    @Test func spacingScalingRiseAndQuoteOperators() throws {
        // Helvetica "A" is 667/1000 wide: at 10 pt with Tc 1 the next glyph starts 7.67 further.
        let page = try glyphs("BT /F1 10 Tf 1 Tc 0 0 Td (AA) Tj ET BT /F1 10 Tf 0 Tc 50 Tz 0 100 Td (AA) Tj ET "
            + "BT /F1 10 Tf 100 Tz 5 Tw 0 200 Td (A A) Tj ET BT /F1 10 Tf 0 Tw 3 Ts 0 300 Td (A) Tj ET "
            + "BT /F1 10 Tf 0 Ts 12 TL 0 400 Td (x) Tj (y) ' 2 1 (z) \" ET")
        let g = page.glyphs
        #expect(abs(g[1].x - 7.67) < 0.001)
        #expect(abs(g[3].x - 3.335) < 0.001)  // Tz 50 halves advances
        #expect(abs(g[6].x - (6.67 + 2.78 + 5)) < 0.001)  // Tw widens the space only
        #expect(g[7].y == 303)  // rise
        #expect(g[9].y == 388 && g[10].y == 376)  // ' and " move to the next line
        #expect(abs(g[10].x - 0) < 0.001)
    }

    @Test func matricesAndGraphicsStateStack() throws {
        let page = try glyphs("q 2 0 0 2 10 20 cm BT /F1 10 Tf 5 5 Td (A) Tj ET Q BT /F1 10 Tf 5 5 Td (B) Tj ET "
            + "q 0 1 -1 0 300 300 cm BT /F1 10 Tf 0 0 Td (C) Tj ET Q")
        #expect(page.glyphs[0].x == 20 && page.glyphs[0].y == 30 && page.glyphs[0].fontSize == 20)
        #expect(page.glyphs[1].x == 5 && page.glyphs[1].y == 5)
        // Rotated 90°: the glyph advances upwards.
        #expect(page.glyphs[2].x == 300 && page.glyphs[2].endY > page.glyphs[2].y)
    }

    @Test func kerningGapsInTJ() throws {
        #expect(try read("BT /F1 12 Tf 72 700 Td [(W) 80 (ord) -250 (gap) -60 (s)] TJ ET").text == "Word gaps")
    }

    @Test func invisibleAndMarkedContentText() throws {
        let content = "/Span << /ActualText (x) >> BDC BT 3 Tr /F1 12 Tf 72 700 Td (Hidden OCR layer) Tj ET EMC "
            + "/Artifact BMC EMC"
        #expect(try read(content).text == "Hidden OCR layer")
    }

    @Test func inlineImagesAreSkipped() throws {
        let content = "q BI /W 4 /H 1 /BPC 8 /CS /G ID \u{00}EI\u{01}\u{02} EI Q BT /F1 12 Tf 72 700 Td (After image) Tj ET"
        #expect(try read(content).text == "After image")
    }

    @Test func formXObjectsWithMatrixAndResources() throws {
        let document = try read("q 1 0 0 1 0 -100 cm /Fm Do Q",
                                pageExtra: "") { writer in
            writer.add(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /Fm 6 0 R >> >> >>")
            writer.addStream(6, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 0 50] /Resources << /Font << /F9 5 0 R >> >>",
                             text: "BT /F9 12 Tf 72 700 Td (Inside a form) Tj ET")
        }
        #expect(document.text == "Inside a form")
    }

    @Test func annotationAppearancesAreRead() throws {
        let document = try read(PDFTestWriter.lines(["Page text"]), pageExtra: "/Annots [6 0 R 8 0 R]") { writer in
            writer.add(6, "<< /Type /Annot /Subtype /FreeText /Rect [100 100 300 150] /AP << /N 7 0 R >> >>")
            writer.addStream(7, "/Type /XObject /Subtype /Form /BBox [0 0 200 50] /Resources << /Font << /F1 5 0 R >> >>",
                             text: "BT /F1 10 Tf 5 20 Td (Annotation note) Tj ET")
            // A hidden annotation (flag 2) is not drawn.
            writer.add(8, "<< /Type /Annot /Subtype /FreeText /F 2 /Rect [100 200 300 250] /AP << /N 7 0 R >> >>")
        }
        #expect(document.text == "Page text\n\nAnnotation note")
    }

    @Test func textOutsideThePageIsDropped() throws {
        #expect(try read("BT /F1 12 Tf -500 700 Td (Off page) Tj 600 0 Td (On page) Tj ET").text == "On page")
    }

    @Test func rotatedPagesReadUpright() throws {
        // On a page shown rotated 90° clockwise, text drawn upwards reads left to right.
        // User-space x grows downwards on the displayed page, so the line at x = 80 is above the one at x = 100.
        let content = "BT /F1 12 Tf 0 1 -1 0 80 72 Tm (First line) Tj 0 1 -1 0 100 72 Tm (Second line) Tj ET"
        let document = try read(content, pageExtra: "/Rotate 90")
        #expect(document.text == "First line Second line")
    }
}
