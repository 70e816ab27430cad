/// Reads a PDF with ragd's own parser — no third-party PDF library — and returns its text as elements.
///
/// Pipeline: `PDFDocument` (xref tables and streams, incremental updates, repair by scanning, decryption) →
/// `PageTree` → `ContentInterpreter` (text operators, fonts, forms, annotation appearances) → `PageLayout`
/// (words, lines, blocks, reading order, paragraphs) → `ElementClassifier` (headings, list items) →
/// `DocumentBuilder`. Every loop runs under the `PartitionBudget`; hostile files end in a `PartitionError`.
package enum PDFPartitioner {
    /// Reads a PDF and returns its text as elements (headings where font size/weight clearly says so, paragraphs,
    /// list items when bulleted/numbered), one page at a time in reading order, with Info/XMP metadata and pageCount.
    package static func partition(_ bytes: [UInt8], budget: PartitionBudget) throws(PartitionError)
        -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        guard looksLikePDF(bytes) else { throw .unsupportedFormat("no PDF header or objects") }
        let document = try PDFDocument(source: bytes, budget: budget)
        let pages = try PageTree(document: document).pages()
        let interpreter = ContentInterpreter(document: document, fonts: FontCache(document: document))
        let layout = PageLayout()
        var paragraphs: [TextParagraph] = []
        var scalars = 0
        for (index, page) in pages.enumerated() {
            try budget.checkNow()
            let glyphs: PageGlyphs
            do {
                glyphs = try interpreter.glyphs(of: page)
            } catch {
                // A page whose content cannot be read is skipped, as viewers show it blank; limits end the document.
                if error.isLimit { throw error }
                continue
            }
            let pageParagraphs = layout.paragraphs(of: glyphs, number: index + 1)
            scalars += pageParagraphs.reduce(0) { $0 + $1.text.unicodeScalars.count }
            if scalars > budget.limits.maxTextScalars { throw .textLimit(budget.limits.maxTextScalars) }
            paragraphs += pageParagraphs
        }
        var builder = DocumentBuilder(format: .pdf)
        do {
            builder.metadata = try MetadataReader(document: document).read(pageCount: pages.count)
        } catch {
            if error.isLimit { throw error }
            builder.metadata.pageCount = pages.count
        }
        ElementClassifier(paragraphs: paragraphs).append(to: &builder)
        guard builder.count > 0 else { throw .noText }
        return builder.build()
    }

    /// A `%PDF-` header in the first KiB (§7.5.2 allows leading garbage in practice), or at least an object header.
    static func looksLikePDF(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            PDFLexer.find("%PDF", in: buffer, from: 0, to: min(buffer.count, 1024)) != nil
                || PDFLexer.find(" obj", in: buffer, from: 0, to: buffer.count) != nil
        }
    }
}
