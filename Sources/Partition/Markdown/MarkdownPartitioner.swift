/// Markdown documents → elements (CommonMark 0.31 with GFM tables).
///
/// Decisions: ATX and setext headings keep their level; block quotes become paragraphs; every list item is one
/// element (nested items separate, numbering dropped); fenced and indented code are code elements without the info
/// string; tables follow the `Element` convention without the delimiter row; inline markup is stripped to the text a
/// reader sees. Front matter supplies title, author, description, language and keywords; without a title there, the
/// first level-1 heading is the title.
package enum MarkdownPartitioner {
    /// Partitions a Markdown document (any encoding `TextDecoding` recognises). Throws `empty_document` when there
    /// is no text, `unsupported_format` for binary data.
    package static func partition(_ bytes: [UInt8],
                                  budget: PartitionBudget) throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let text = try TextDecoding.decode(bytes)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let frontMatter = MarkdownFrontMatter(lines)
        var reader = MarkdownBlockReader(lines: lines, from: frontMatter.lineCount, budget: budget)
        try reader.run()
        var builder = reader.builder
        frontMatter.apply(to: &builder.metadata)
        if builder.metadata.title == nil { builder.metadata.title = reader.firstTitle }
        guard builder.count > 0 else { throw .emptyDocument }
        return builder.build()
    }
}
