/// Builds minimal .docx packages in tests.
package enum DocxFixture {
    package static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    package static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
        <Default Extension="xml" ContentType="application/xml"/>
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
        </Types>
        """

    package static let styles = """
        <?xml version="1.0" encoding="UTF-8"?>
        <w:styles xmlns:w="\(w)">
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Kapitel"><w:name w:val="Kapitel"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My Heading"/><w:basedOn w:val="Heading1"/></w:style>
        </w:styles>
        """

    package static let core = """
        <?xml version="1.0" encoding="UTF-8"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
          xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <dc:title>Quarterly Report</dc:title><dc:creator>Ada Lovelace</dc:creator>
        <dcterms:created xsi:type="dcterms:W3CDTF">2024-01-15T09:30:00Z</dcterms:created>
        <dcterms:modified xsi:type="dcterms:W3CDTF">2024-02-01T10:00:00Z</dcterms:modified>
        <dc:language>en-GB</dc:language>
        </cp:coreProperties>
        """

    /// A `w:document` around `body` (the prefix `w` bound to WordprocessingML).
    package static func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="\(w)" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>\(body)<w:sectPr/></w:body></w:document>
        """
    }

    /// A paragraph with an optional style and one run.
    package static func paragraph(_ text: String, style: String? = nil, numbered: Bool = false) -> String {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if numbered { properties += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>" }
        let pPr = properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>"
        return "<w:p>\(pPr)<w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>"
    }

    /// A package holding `documentXML` (already a full part), plus styles and core properties unless told otherwise.
    package static func package(_ documentXML: String, styles: String? = DocxFixture.styles,
                        core: String? = DocxFixture.core, extra: [ZipFixture.Entry] = []) -> [UInt8] {
        var zip = ZipFixture()
        zip.add("[Content_Types].xml", contentTypes)
        zip.add("word/document.xml", documentXML)
        if let styles { zip.add("word/styles.xml", styles) }
        if let core { zip.add("docProps/core.xml", core) }
        for entry in extra { zip.add(entry) }
        return zip.build()
    }
}
