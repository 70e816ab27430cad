/// Reads a document of a known format into elements: the one entry point the ingest pipeline calls.
package enum Partitioner {
    /// The document in `bytes`, read as `format` under `budget`'s limits (time, decompression, nesting, pages).
    package static func partition(_ bytes: [UInt8], as format: DocumentFormat, budget: PartitionBudget)
        throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        switch format {
        case .pdf: return try PDFPartitioner.partition(bytes, budget: budget)
        case .docx: return try DocxPartitioner.partition(bytes, budget: budget)
        case .html: return try HTMLPartitioner.partition(bytes, budget: budget)
        case .markdown: return try MarkdownPartitioner.partition(bytes, budget: budget)
        case .text: return try TextPartitioner.partition(bytes, budget: budget)
        case .csv: return try CSVPartitioner.partition(bytes, budget: budget)
        case .json: return try JSONDocumentPartitioner.partition(bytes, budget: budget)
        }
    }
}
