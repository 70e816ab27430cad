/// Document metadata from the OPC core properties part (ECMA-376 Part 2 §11: Dublin Core `dc:title`, `dc:creator`,
/// `dc:subject`, `dc:language`, `cp:keywords`, `dcterms:created`/`modified` in W3CDTF, a profile of ISO 8601 that
/// RFC 3339 timestamps also satisfy) and the extended properties' `Application` (Part 1 §22.2.2.3).
enum DocxCoreProperties {
    /// Fills `metadata` from a core properties root.
    static func read(core root: XMLElement, into metadata: inout DocumentMetadata) {
        for element in root.elements {
            let value = DocumentBuilder.trimmed(element.textContent)
            guard !value.isEmpty else { continue }
            switch element.localName {
            case "title": metadata.title = value
            case "creator": metadata.author = value
            case "subject": metadata.subject = value
            case "keywords": metadata.keywords = value
            case "language": metadata.language = value
            case "created": metadata.createdAt = value
            case "modified": metadata.modifiedAt = value
            default: break
            }
        }
    }

    /// Fills the producer from an extended properties root.
    static func read(extended root: XMLElement, into metadata: inout DocumentMetadata) {
        guard let application = root.elements.first(where: { $0.localName == "Application" }) else { return }
        let value = DocumentBuilder.trimmed(application.textContent)
        if !value.isEmpty { metadata.producer = value }
    }
}
