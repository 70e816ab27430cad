import Testing
@testable import Partition
import TestSupport

@Suite("DOCX partitioner")
struct DocxPartitionerTests {
    private typealias Fixture = DocxFixture

    private func partition(_ bytes: [UInt8], budget: PartitionBudget = limitedBudget()) throws -> PartitionedDocument {
        try DocxPartitioner.partition(bytes, budget: budget)
    }

    private static let report = Fixture.document("""
        \(Fixture.paragraph("Quarterly Report", style: "Title"))
        \(Fixture.paragraph("Summary", style: "Heading1"))
        <w:p><w:r><w:t>Revenue grew</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> by 12%</w:t><w:br/><w:t>in Q3.</w:t></w:r></w:p>
        \(Fixture.paragraph("First point", numbered: true))
        \(Fixture.paragraph("Second point", style: "ListParagraph", numbered: true))
        \(Fixture.paragraph("Details", style: "Heading2"))
        <w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Region</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Sales</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p><w:r><w:t>North</w:t></w:r></w:p><w:p><w:r><w:t>and East</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>10</w:t></w:r></w:p></w:tc></w:tr>
        <w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
        \(Fixture.paragraph("Appendix", style: "MyHeading"))
        \(Fixture.paragraph("Chapter via outline level", style: "Kapitel"))
        <w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Direct outline</w:t></w:r></w:p>
        """)

    @Test func readsStructureLevelsAndSectionPaths() throws {
        let document = try partition(Fixture.package(Self.report))
        let summary = document.elements.map { "\($0.kind.rawValue)\($0.level.map { "@\($0)" } ?? ""): \($0.text)" }
        #expect(summary == [
            "title@1: Quarterly Report",
            "heading@1: Summary",
            "paragraph: Revenue grew\t by 12%\nin Q3.",
            "list_item: First point",
            "list_item: Second point",
            "heading@2: Details",
            "table: Region | Sales\nNorth and East | 10",
            "heading@1: Appendix",
            "heading@3: Chapter via outline level",
            "heading@2: Direct outline",
        ])
        #expect(document.elements[2].sectionPath == ["Summary"])
        #expect(document.elements[6].sectionPath == ["Summary", "Details"])
        #expect(document.elements[8].sectionPath == ["Appendix"])
        #expect(document.format == .docx)
        expectOffsetsMatchText(document)
    }

    @Test func readsCoreProperties() throws {
        let metadata = try partition(Fixture.package(Self.report)).metadata
        #expect(metadata.title == "Quarterly Report")
        #expect(metadata.author == "Ada Lovelace")
        #expect(metadata.createdAt == "2024-01-15T09:30:00Z")
        #expect(metadata.modifiedAt == "2024-02-01T10:00:00Z")
        #expect(metadata.language == "en-GB")
    }

    @Test func takesTheTitleStyleWhenCorePropertiesHaveNone() throws {
        let bytes = Fixture.package(Fixture.document(Fixture.paragraph("Styled Title", style: "Title")), core: nil)
        #expect(try partition(bytes).metadata.title == "Styled Title")
    }

    @Test func readsVisibleTextOnly() throws {
        let body = """
            <w:p><w:hyperlink><w:r><w:t>linked</w:t></w:r></w:hyperlink><w:ins><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>\
            <w:del><w:r><w:delText> deleted</w:delText></w:r></w:del>\
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>\
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve"> 7</w:t></w:r>\
            <w:r><w:fldChar w:fldCharType="end"/></w:r>\
            <w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>\
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In a text box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
            <w:sdt><w:sdtContent>\(Fixture.paragraph("Inside a content control"))</w:sdtContent></w:sdt>
            """
        let document = try partition(Fixture.package(Fixture.document(body)))
        #expect(document.elements.map(\.text) == ["linked inserted 7", "In a text box", "Inside a content control"])
    }

    @Test func acceptsAnyNamespacePrefix() throws {
        let xml = """
            <?xml version="1.0"?><doc:document xmlns:doc="\(Fixture.w)"><doc:body>\
            <doc:p><doc:r><doc:t>Prefix independent</doc:t></doc:r></doc:p></doc:body></doc:document>
            """
        #expect(try partition(Fixture.package(xml)).elements.map(\.text) == ["Prefix independent"])
    }

    @Test func refusesAZipBomb() {
        let zeros = [UInt8](repeating: UInt8(ascii: " "), count: 10 * 1024 * 1024)
        let bomb = ZipFixture.Entry(name: Array("word/media/filler.xml".utf8), data: zeros)
        var zip = ZipFixture()
        zip.add("[Content_Types].xml", Fixture.contentTypes)
        zip.add(.init(name: Array("word/document.xml".utf8),
                      data: Array(Fixture.document(Fixture.paragraph("x")).utf8) + zeros))
        zip.add(bomb)
        let bytes = zip.build()
        #expect(bytes.count < 40 * 1024)
        let start = ContinuousClock.now
        #expect(partitionFailure { _ = try partition(bytes) }?.code == "decompression_limit")
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func refusesEntityExpansionAndExternalEntities() {
        let laughs = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document xmlns:w="\(Fixture.w)"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>
            """
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\
            <w:document xmlns:w="\(Fixture.w)"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>
            """
        #expect(partitionFailure { _ = try partition(Fixture.package(laughs)) }?.code == "xml_doctype")
        #expect(partitionFailure { _ = try partition(Fixture.package(xxe)) }?.code == "xml_doctype")
    }

    @Test func refusesDeeplyNestedXML() {
        let deep = String(repeating: "<w:sdt><w:sdtContent>", count: 5_000) + Fixture.paragraph("deep")
            + String(repeating: "</w:sdtContent></w:sdt>", count: 5_000)
        #expect(partitionFailure { _ = try partition(Fixture.package(Fixture.document(deep))) }?.code == "nesting_limit")
    }

    @Test func refusesUnsafeEntryNames() {
        let evil = ZipFixture.Entry(name: Array("../evil.xml".utf8), data: Array("x".utf8))
        let absolute = ZipFixture.Entry(name: Array("/abs/path.xml".utf8), data: Array("x".utf8))
        let document = Fixture.document(Fixture.paragraph("hi"))
        #expect(partitionFailure { _ = try partition(Fixture.package(document, extra: [evil])) }?.code == "zip_unsafe_path")
        #expect(partitionFailure { _ = try partition(Fixture.package(document, extra: [absolute])) }?.code == "zip_unsafe_path")
    }

    @Test func refusesEmptyBrokenAndForeignPackages() {
        #expect(partitionFailure { _ = try partition([]) }?.code == "empty_document")
        let package = Fixture.package(Fixture.document(Fixture.paragraph("hi")))
        #expect(partitionFailure { _ = try partition(Array(package.prefix(package.count / 2))) }?.code == "zip_invalid")
        var other = ZipFixture()
        other.add("readme.txt", "not a word document")
        #expect(partitionFailure { _ = try partition(other.build()) }?.code == "docx_invalid")
        var noDocument = ZipFixture()
        noDocument.add("[Content_Types].xml", Fixture.contentTypes)
        #expect(partitionFailure { _ = try partition(noDocument.build()) }?.code == "docx_invalid")
        let imagesOnly = Fixture.package(Fixture.document("<w:p><w:r><w:drawing/></w:r></w:p>"))
        #expect(partitionFailure { _ = try partition(imagesOnly) }?.code == "no_text")
    }

    @Test func stopsAtTheTextLimit() {
        let body = (0..<50).map { Fixture.paragraph("Paragraph number \($0) with some words") }.joined()
        let budget = limitedBudget { $0.maxTextScalars = 500 }
        #expect(partitionFailure { _ = try partition(Fixture.package(Fixture.document(body)), budget: budget) }?.code == "text_limit")
    }
}
