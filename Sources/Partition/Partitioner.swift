/// Reads a document of a known format into elements: the one entry point the ingest pipeline calls.
package enum Partitioner {
    /// The document in `bytes`, read as `format` under `budget`'s limits (time, decompression, nesting, pages).
    /// A language the document does not declare is guessed from its text (`LanguageGuess`).
    package static func partition(_ bytes: [UInt8], as format: DocumentFormat, budget: PartitionBudget)
        throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        var document: PartitionedDocument
        switch format {
        case .pdf: document = try PDFPartitioner.partition(bytes, budget: budget)
        case .docx: document = try DocxPartitioner.partition(bytes, budget: budget)
        case .html: document = try HTMLPartitioner.partition(bytes, budget: budget)
        case .markdown: document = try MarkdownPartitioner.partition(bytes, budget: budget)
        case .text: document = try TextPartitioner.partition(bytes, budget: budget)
        case .csv: document = try CSVPartitioner.partition(bytes, budget: budget)
        case .json: document = try JSONDocumentPartitioner.partition(bytes, budget: budget)
        }
        if document.metadata.language?.isEmpty ?? true {
            document.metadata.language = LanguageGuess.language(of: document.text)
        }
        return document
    }
}
