/// The document's descriptive metadata: the Info dictionary (PDF 32000-1 §14.3.3) first, then the XMP packet of the
/// catalog's `/Metadata` stream (§14.3.2) for whatever Info lacks.
struct MetadataReader {
    let document: PDFDocument

    func read(pageCount: Int) throws(PartitionError) -> DocumentMetadata {
        var metadata = DocumentMetadata()
        metadata.pageCount = pageCount
        if let info = try document.resolve(document.trailer["Info"]).dictionary {
            metadata.title = try text(info["Title"])
            metadata.author = try text(info["Author"])
            metadata.subject = try text(info["Subject"])
            metadata.keywords = try text(info["Keywords"])
            metadata.producer = try text(info["Producer"])
            metadata.createdAt = try text(info["CreationDate"]).flatMap { PDFDate.rfc3339(pdfDate: $0) }
            metadata.modifiedAt = try text(info["ModDate"]).flatMap { PDFDate.rfc3339(pdfDate: $0) }
            if let creator = try text(info["Creator"]) { metadata.extra["creator"] = creator }
        }
        let catalog = try document.catalog()
        if let language = try document.resolve(catalog?["Lang"]).string {
            metadata.language = PDFTextString.decode(language).pdfTrimmed
        }
        if let packet = try document.decodedStream(catalog?["Metadata"]) {
            let values = XMPScanner.properties(in: packet, names: ["dc:title", "dc:creator", "dc:description",
                                                                   "pdf:Keywords", "pdf:Producer", "xmp:CreateDate",
                                                                   "xmp:ModifyDate", "dc:language"])
            metadata.title = metadata.title ?? values["dc:title"]
            metadata.author = metadata.author ?? values["dc:creator"]
            metadata.subject = metadata.subject ?? values["dc:description"]
            metadata.keywords = metadata.keywords ?? values["pdf:Keywords"]
            metadata.producer = metadata.producer ?? values["pdf:Producer"]
            metadata.createdAt = metadata.createdAt ?? values["xmp:CreateDate"].flatMap { PDFDate.rfc3339(xmpDate: $0) }
            metadata.modifiedAt = metadata.modifiedAt
                ?? values["xmp:ModifyDate"].flatMap { PDFDate.rfc3339(xmpDate: $0) }
            metadata.language = metadata.language ?? values["dc:language"]
        }
        return metadata
    }

    private func text(_ object: PDFObject?) throws(PartitionError) -> String? {
        guard let bytes = try document.resolve(object).string else { return nil }
        let value = PDFTextString.decode(bytes).pdfTrimmed
        return value.isEmpty ? nil : value
    }
}
