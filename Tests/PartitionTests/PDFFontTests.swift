import Testing
@testable import Partition

/// Fonts and encodings (PDF 32000-1 §9.5–9.10): simple encodings, glyph names, ToUnicode CMaps, Type0 and Type3.
@Suite struct PDFFontTests {
    private func read(_ content: String, font: String, extra: (inout PDFTestWriter) -> Void = { _ in }) throws -> String {
        var writer = PDFTestWriter.document(content: content, fonts: [font])
        extra(&writer)
        return try partitionPDF(writer.build()).text
    }

    @Test func winAnsiAndDifferencesWithGlyphNames() throws {
        let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /BaseEncoding /WinAnsiEncoding "
            + "/Differences [65 /uni20AC /u1F600 /a.sc /f_f_i /fi /eacute /g123] >> >>"
        let text = try read("BT /F1 12 Tf 72 700 Td (ABCDEFG \\344\\374\\337 \\200) Tj ET", font: font)
        // A=uni20AC, B=u1F600, C=a.sc, D=f_f_i, E=fi (spelled out), F=eacute, G=unknown name → code passes through.
        #expect(text == "€😀affifiéG äüß €")
    }

    @Test func standardAndMacRomanEncodings() throws {
        let standard = try read("BT /F1 12 Tf 72 700 Td (\\047quoted\\047 \\256) Tj ET",
                                font: "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /StandardEncoding >>")
        #expect(standard == "’quoted’ fi")
        let mac = try read("BT /F1 12 Tf 72 700 Td (\\212\\216\\247) Tj ET",
                           font: "<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /MacRomanEncoding >>")
        #expect(mac == "äéß")
    }

    @Test func symbolFontBuiltInEncoding() throws {
        #expect(try read("BT /F1 12 Tf 72 700 Td (abg) Tj ET",
                         font: "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>") == "αβγ")
    }

    @Test func toUnicodeCharRangesAndArrays() throws {
        let cmap = """
        /CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <00> <FF> endcodespacerange
        2 beginbfchar <01> <0048> <02> <D83DDE00> endbfchar
        2 beginbfrange <10> <12> <0061> <20> <21> [<0066006C> <00DF>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end
        """
        let text = try read("BT /F1 12 Tf 72 700 Td <01101112202102> Tj ET",
                            font: "<< /Type /Font /Subtype /TrueType /BaseFont /X /ToUnicode 6 0 R >>") {
            $0.addStream(6, text: cmap)
        }
        #expect(text == "Habcflß😀")
    }

    @Test func type0IdentityWithWidthsAndToUnicode() throws {
        let cmap = """
        begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange
        1 beginbfrange <0001> <0005> <0041> endbfrange endcmap
        """
        // CIDs 1-3 are 500 wide, 4-5 are 2000 wide: "ABC" stays one word, D and E are a glyph apart.
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
        let text = try read("BT /F1 10 Tf 72 700 Td <00010002000300040005> Tj ET", font: font) {
            $0.add(6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [4 5 2000] >>")
            $0.addStream(7, text: cmap)
        }
        #expect(text == "ABCDE")
        // With the wide glyphs drawn narrow by TJ adjustments the gap decides: 1500/1000 em apart is a word break.
        let spaced = try read("BT /F1 10 Tf 72 700 Td [<0001> -1500 <0002>] TJ ET", font: font) {
            $0.add(6, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /DW 500 >>")
            $0.addStream(7, text: cmap)
        }
        #expect(spaced == "A B")
    }

    @Test func multiByteCodespaces() throws {
        let encoding = """
        begincmap 2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
        1 begincidrange <8000> <80FF> 100 endcidrange endcmap
        """
        let toUnicode = """
        begincmap 2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
        2 beginbfchar <41> <0041> <8001> <4E2D> endbfchar endcmap
        """
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding 6 0 R /DescendantFonts [7 0 R] /ToUnicode 8 0 R >>"
        let text = try read("BT /F1 10 Tf 72 700 Td <41800141> Tj ET", font: font) {
            $0.addStream(6, "/Type /CMap", text: encoding)
            $0.add(7, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /T /DW 1000 >>")
            $0.addStream(8, text: toUnicode)
        }
        #expect(text == "A中A")
    }

    @Test func verticalWritingReadsTopToBottom() throws {
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /UniJIS-UCS2-V /DescendantFonts [6 0 R] >>"
        let text = try read("BT /F1 12 Tf 300 700 Td <65E5672C8A9E> Tj ET", font: font) {
            $0.add(6, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /T >>")
        }
        #expect(text == "日本語")
    }

    @Test func predefinedUnicodeCMap() throws {
        let font = "<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"
        let text = try read("BT /F1 10 Tf 72 700 Td <4E2D6587> Tj ET", font: font) {
            $0.add(6, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /T >>")
        }
        #expect(text == "中文")
    }

    @Test func type3FontThroughEncodingAndToUnicode() throws {
        let font = "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] "
            + "/CharProcs << /square 6 0 R >> /Encoding << /Type /Encoding /Differences [97 /square /B] >> "
            + "/FirstChar 97 /LastChar 98 /Widths [600 600] >>"
        let text = try read("BT /F1 20 Tf 72 700 Td (abab) Tj ET", font: font) {
            $0.addStream(6, text: "600 0 0 0 600 600 d1 0 0 600 600 re f")
        }
        // "square" is no known glyph name, so its code passes through; "B" is a letter.
        #expect(text == "aBaB")
    }

    @Test func standardFontWidthsDriveWordSpacing() throws {
        // Helvetica without /Widths: "Hello" then a 300/1000 em TJ gap then "World"; a 20/1000 kern stays inside.
        let text = try read("BT /F1 12 Tf 72 700 Td [(Hel) 20 (lo) -300 (World)] TJ ET",
                            font: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        #expect(text == "Hello World")
    }

    /// A minimal CFF program (Adobe TN #5176): glyphs .notdef, "gamma" (a custom string) and "A", encoded at codes
    /// 0x0B and 0x41 by a format-0 encoding.
    static func cffProgram() -> [UInt8] {
        func int32(_ value: Int) -> [UInt8] {
            [29, UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        let header: [UInt8] = [1, 0, 4, 1]
        let names: [UInt8] = [0, 1, 1, 1, 2, 0x46]
        let strings: [UInt8] = [0, 1, 1, 1, 6] + Array("gamma".utf8)
        let topIndexLength = 5 + 18
        let charset = header.count + names.count + topIndexLength + strings.count
        let encoding = charset + 5
        let charStrings = encoding + 4
        let dictionary = int32(charset) + [15] + int32(encoding) + [16] + int32(charStrings) + [17]
        let top: [UInt8] = [0, 1, 1, 1, UInt8(1 + dictionary.count)] + dictionary
        return header + names + top + strings + [0, 0x01, 0x87, 0x00, 0x22] + [0, 2, 0x0B, 0x41]
            + [0, 3, 1, 1, 2, 3, 4, 14, 14, 14]
    }

    @Test func cffBuiltInEncoding() throws {
        let program = Self.cffProgram()
        #expect(CFFEncodingReader(program).encoding()?[0x0B] == "gamma")
        let font = "<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+CMMI10 /FontDescriptor 6 0 R >>"
        let text = try read("BT /F1 12 Tf 72 700 Td (\\013A) Tj ET", font: font) {
            $0.add(6, "<< /Type /FontDescriptor /FontName /ABCDEF+CMMI10 /Flags 4 /FontFile3 7 0 R >>")
            $0.addStream(7, "/Subtype /Type1C", data: program)
        }
        #expect(text == "γA")
        // Damaged programs read as nothing, never a crash.
        for length in 0..<program.count {
            _ = CFFEncodingReader(Array(program.prefix(length))).encoding()
        }
        var corrupted = program
        corrupted[11] = 0xFF  // an offset beyond the data
        #expect(CFFEncodingReader(corrupted).encoding() == nil)
    }

    @Test func glyphListRules() {
        #expect(GlyphList.unicode(for: "uni00410042") == ["A", "B"])
        #expect(GlyphList.unicode(for: "u1D400") == ["\u{1D400}"])
        #expect(GlyphList.unicode(for: "uniD800") == nil)
        #expect(GlyphList.unicode(for: "Aacute.sc") == ["Á"])
        #expect(GlyphList.unicode(for: ".notdef") == nil)
        #expect(GlyphList.unicode(for: "germandbls") == ["ß"])
        #expect(GlyphList.unicode(for: "afii10017") == ["А"])
    }
}
