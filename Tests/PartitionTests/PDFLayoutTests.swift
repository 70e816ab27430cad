import Testing
@testable import Partition

/// Layout reconstruction: words, lines, columns, reading order, paragraphs, headings, lists.
@Suite struct PDFLayoutTests {
    private func elements(_ content: String, fonts: [String]? = nil) throws -> [Element] {
        let writer = fonts.map { PDFTestWriter.document(content: content, fonts: $0) }
            ?? PDFTestWriter.document(content: content)
        return try partitionPDF(writer.build()).elements
    }

    /// `lines` set at `x`, from `y` downwards 12 pt apart, in 10 pt Helvetica.
    private func column(_ lines: [String], x: Int, y: Int = 700) -> String {
        var content = "BT /F1 10 Tf 12 TL \(x) \(y) Td\n"
        for line in lines { content += "(\(line)) Tj T*\n" }
        return content + "ET\n"
    }

    @Test func twoColumnsReadColumnByColumn() throws {
        // The columns are 12 pt apart (about 1 em, like LaTeX's default) and drawn line by line across both.
        let left = ["Left column starts here and", "continues on its second line", "and ends on the third one."]
        let right = ["Right column is read after", "the whole left column, even", "though lines are interleaved."]
        var content = "BT /F1 10 Tf\n"
        for (index, pair) in zip(left, right).enumerated() {
            let y = 700 - 12 * index
            content += "1 0 0 1 72 \(y) Tm (\(pair.0)) Tj 1 0 0 1 222 \(y) Tm (\(pair.1)) Tj\n"
        }
        content += "ET\n"
        let text = try elements(content).map(\.text).joined(separator: " ")
        #expect(text == (left + right).joined(separator: " "))
    }

    @Test func hyphenatedLineEndsJoin() throws {
        let elements = try elements(column(["A word split across lines is exam-", "ple text; a compound like Schwarz-",
                                            "Wei\\373 keeps its hyphen."], x: 72))
        #expect(elements.map(\.text) == ["A word split across lines is example text; a compound like Schwarz-Weiß keeps its hyphen."])
    }

    @Test func headingsParagraphsAndLists() throws {
        let fonts = ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                     "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"]
        let content = """
        BT /F2 20 Tf 72 740 Td (Main Title) Tj ET
        BT /F1 10 Tf 12 TL 72 700 Td (Body text of the first paragraph runs over) Tj T* (two lines of ordinary text.) Tj ET
        BT /F2 10 Tf 72 660 Td (A bold heading) Tj ET
        BT /F1 10 Tf 12 TL 72 640 Td (\\267 first bullet item) Tj T* (\\267 second bullet item) Tj T* (1. numbered item) Tj ET
        """
        let found = try elements(content, fonts: fonts)
        #expect(found.map(\.kind) == [.heading, .paragraph, .heading, .listItem, .listItem, .listItem])
        #expect(found[0].level == 1 && found[2].level == 2)
        #expect(found[1].text == "Body text of the first paragraph runs over two lines of ordinary text.")
        #expect(found[3].sectionPath == ["Main Title", "A bold heading"])
    }

    @Test func indentStartsAParagraph() throws {
        let content = "BT /F1 10 Tf 12 TL 72 700 Td (First paragraph line one that is long enough) Tj T* "
            + "(and its second line.) Tj 20 -12 Td (Indented start of the second paragraph) Tj -20 -12 Td "
            + "(that continues here.) Tj ET"
        let found = try elements(content)
        #expect(found.map(\.text) == ["First paragraph line one that is long enough and its second line.",
                                      "Indented start of the second paragraph that continues here."])
    }

    @Test func overprintedTextAppearsOnce() throws {
        let content = "BT /F1 14 Tf 72 700 Td (Bold by overprint) Tj ET BT /F1 14 Tf 72.4 700.2 Td (Bold by overprint) Tj ET"
        #expect(try elements(content).map(\.text) == ["Bold by overprint"])
    }

    @Test func superscriptsStayWithTheirLine() throws {
        let content = "BT /F1 10 Tf 72 700 Td (Area in km) Tj /F1 7 Tf 4 Ts (2) Tj /F1 10 Tf 0 Ts ( is large) Tj ET"
        let found = try elements(content).map(\.text)
        #expect(found == ["Area in km2 is large"], "\(found)")
    }

    @Test func rightToLeftLinesAreReversed() throws {
        // Hebrew placed visually left to right ("םולש" on the page reads שלום), with a number kept in order.
        let cmap = """
        begincmap 1 begincodespacerange <00> <FF> endcodespacerange
        5 beginbfchar <61> <05DD> <62> <05D5> <63> <05DC> <64> <05E9> <31> <0031> endbfchar endcmap
        """
        var writer = PDFTestWriter.document(content: "BT /F1 12 Tf 72 700 Td (11 abcd) Tj ET",
                                            fonts: ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"])
        writer.addStream(6, text: cmap)
        #expect(try partitionPDF(writer.build()).text == "שלום 11")
    }

    @Test func bidiKeepsLeftToRightRuns() {
        let visual = Array("(12) םולש םלוע".unicodeScalars)
        #expect(String(String.UnicodeScalarView(BidiOrder.logicalOrder(visual))) == "עולם שלום (12)")
        let latin = Array("mostly Latin םולש".unicodeScalars)
        #expect(BidiOrder.logicalOrder(latin) == latin)
    }
}
