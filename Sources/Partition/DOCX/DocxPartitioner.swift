/// Word documents (ECMA-376 WordprocessingML in an OPC zip package) → elements.
///
/// The main document part is found through [Content_Types].xml (Part 2 §10.1.2), falling back to word/document.xml;
/// heading roles come from the styles part next to it; metadata from the core and extended properties. Headers,
/// footers, footnotes and comments are skipped: they repeat on every page or sit outside the reading order, and would
/// pollute retrieval with page furniture.
package enum DocxPartitioner {
    /// The WordprocessingML namespace, transitional and strict (ECMA-376 Part 1 Annex A; Part 4 for strict).
    static let wordNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]

    /// Content types of a main document part, lowercased: document, macro-enabled document, template, macro-enabled
    /// template.
    private static let mainDocumentTypes: Set<String> = [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroenabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
    ]
    private static let coreType = "application/vnd.openxmlformats-package.core-properties+xml"
    private static let extendedType = "application/vnd.openxmlformats-officedocument.extended-properties+xml"

    /// Partitions a .docx file. Throws the zip and XML codes, `docx_invalid`, `no_text` for a document without text,
    /// and `empty_document` for zero bytes.
    package static func partition(_ bytes: [UInt8],
                                  budget: PartitionBudget) throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let archive = try ZipArchive(bytes, limits: budget.limits)
        guard let typesData = try archive.data(named: "[Content_Types].xml", budget: budget) else {
            throw .docxInvalid("the package has no [Content_Types].xml")
        }
        let parts = partNames(byType: try XMLReader.parse(typesData, budget: budget))
        let mainPart = parts.first { mainDocumentTypes.contains($0.type) }?.name ?? "word/document.xml"
        guard let documentData = try archive.data(named: mainPart, budget: budget) else {
            throw .docxInvalid("the package has no main document part (\(mainPart))")
        }

        var builder = DocumentBuilder(format: .docx)
        let corePart = parts.first { $0.type == coreType }?.name ?? "docProps/core.xml"
        if let data = try archive.data(named: corePart, budget: budget) {
            DocxCoreProperties.read(core: try XMLReader.parse(data, budget: budget), into: &builder.metadata)
        }
        let extendedPart = parts.first { $0.type == extendedType }?.name ?? "docProps/app.xml"
        if let data = try archive.data(named: extendedPart, budget: budget) {
            DocxCoreProperties.read(extended: try XMLReader.parse(data, budget: budget), into: &builder.metadata)
        }
        var styles = DocxStyles()
        if let data = try archive.data(named: sibling(of: mainPart, named: "styles.xml"), budget: budget) {
            styles = DocxStyles(try XMLReader.parse(data, budget: budget))
        }

        let document = try XMLReader.parse(documentData, budget: budget)
        var reader = DocxBodyReader(styles: styles, budget: budget)
        try reader.read(document, into: &builder)
        guard builder.count > 0 else { throw .noText }
        return builder.build()
    }

    /// The `Override` part names (leading "/" removed) with their content types, lowercased: media types compare
    /// case-insensitively (RFC 9110 §8.3.1).
    private static func partNames(byType types: XMLElement) -> [(name: String, type: String)] {
        types.elements.compactMap { element in
            guard element.localName == "Override", let name = element.attribute("PartName"),
                  let type = element.attribute("ContentType") else { return nil }
            return (name.hasPrefix("/") ? String(name.dropFirst()) : name, type.lowercased())
        }
    }

    /// A part in the same folder as `part`.
    private static func sibling(of part: String, named name: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return name }
        return part[...slash] + name
    }
}

extension PartitionError {
    /// A zip that is not a usable Word package.
    package static func docxInvalid(_ detail: String) -> PartitionError {
        PartitionError("docx_invalid", "The file is not a readable Word document: \(detail).")
    }
}
