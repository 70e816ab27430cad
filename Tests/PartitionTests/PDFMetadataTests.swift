import Testing
@testable import Partition

/// Document metadata: the Info dictionary (PDF 32000-1 §14.3.3) and XMP (§14.3.2).
@Suite struct PDFMetadataTests {
    @Test func infoDictionaryStringsAndDates() throws {
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Body"]))
        // Title in UTF-16BE with a BOM, author in PDFDocEncoding (0x92 is the trade mark sign there).
        writer.add(9, "<< /Title <FEFF004D00FC006E006300680065006E0020D83DDE00> /Author (ACME\\222 Research) "
            + "/Subject (Tests) /Keywords (pdf, text) /Producer (ragd tests) /Creator (writer) "
            + "/CreationDate (D:20161231235959+01'00') /ModDate (D:2017) >>")
        writer.trailerExtra = "/Info 9 0 R"
        let metadata = try partitionPDF(writer.build()).metadata
        #expect(metadata.title == "München 😀")
        #expect(metadata.author == "ACME™ Research")
        #expect(metadata.subject == "Tests")
        #expect(metadata.keywords == "pdf, text")
        #expect(metadata.producer == "ragd tests")
        #expect(metadata.extra["creator"] == "writer")
        #expect(metadata.createdAt == "2016-12-31T23:59:59+01:00")
        #expect(metadata.modifiedAt == "2017-01-01T00:00:00Z")
        #expect(metadata.pageCount == 1)
    }

    @Test func pdfDates() {
        #expect(PDFDate.rfc3339(pdfDate: "D:19990209153925-08'00'") == "1999-02-09T15:39:25-08:00")
        #expect(PDFDate.rfc3339(pdfDate: "D:20200101120000Z") == "2020-01-01T12:00:00Z")
        #expect(PDFDate.rfc3339(pdfDate: "D:2020133") == nil)
        #expect(PDFDate.rfc3339(pdfDate: "garbage") == nil)
        #expect(PDFDate.rfc3339(xmpDate: "2016-12-31T12:00:00+02:00") == "2016-12-31T12:00:00+02:00")
        #expect(PDFDate.rfc3339(xmpDate: "2016-12-31") == "2016-12-31T00:00:00Z")
    }

    @Test func xmpFillsWhatInfoLacks() throws {
        let xmp = """
        <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
          xmp:CreateDate="2021-05-06T07:08:09Z">
        <dc:title><rdf:Alt><rdf:li xml:lang="x-default">XMP &amp; title</rdf:li></rdf:Alt></dc:title>
        <dc:creator><rdf:Seq><rdf:li>Ada</rdf:li><rdf:li>Grace</rdf:li></rdf:Seq></dc:creator>
        <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        <?xpacket end="w"?>
        """
        var writer = PDFTestWriter.document(content: PDFTestWriter.lines(["Body"]))
        writer.add(1, "<< /Type /Catalog /Pages 2 0 R /Metadata 9 0 R >>")
        writer.addStream(9, "/Type /Metadata /Subtype /XML", text: xmp)
        let metadata = try partitionPDF(writer.build()).metadata
        #expect(metadata.title == "XMP & title")
        #expect(metadata.author == "Ada, Grace")
        #expect(metadata.createdAt == "2021-05-06T07:08:09Z")
        #expect(metadata.language == "de-DE")
    }

    @Test func xmpWithDoctypeIsIgnored() {
        let hostile = Array("""
        <!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
        <x:xmpmeta><dc:title>&b;</dc:title></x:xmpmeta>
        """.utf8)
        #expect(XMPScanner.properties(in: hostile, names: ["dc:title"]).isEmpty)
    }
}
