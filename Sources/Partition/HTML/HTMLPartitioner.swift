/// HTML pages → elements, reading like a browser and keeping what a reader would call the content.
///
/// Decisions: scripts, styles, templates, navigation, headers, footers, sidebars, forms and hidden elements are
/// dropped; h1–h6 are headings of that level (`<title>` goes to metadata, and the first h1 stands in when there is
/// none); `li` is a list item, `pre` is code, tables are one table element each; whitespace collapses as in CSS
/// `white-space: normal`, `<br>` keeps a line break. Pages built as one big `<form>` (ASP.NET WebForms) would lose
/// everything, so when dropping forms leaves no text the page is read again with forms kept.
package enum HTMLPartitioner {
    /// Partitions an HTML document (any encoding `TextDecoding` recognises). Throws `empty_document` when nothing
    /// readable remains, `nesting_limit` past `maxNestingDepth` open elements.
    package static func partition(_ bytes: [UInt8],
                                  budget: PartitionBudget) throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let utf8 = Array(try TextDecoding.decode(bytes).utf8)
        var document = try read(utf8, budget: budget, dropsForms: true)
        if document.elements.isEmpty {
            document = try read(utf8, budget: budget, dropsForms: false)
        }
        guard !document.elements.isEmpty else { throw .emptyDocument }
        return document
    }

    private static func read(_ utf8: [UInt8], budget: PartitionBudget,
                             dropsForms: Bool) throws(PartitionError) -> PartitionedDocument {
        var tokenizer = HTMLTokenizer(utf8)
        var reader = HTMLBlockReader(budget: budget, dropsForms: dropsForms)
        while let token = tokenizer.next() {
            try budget.check()
            try reader.consume(token)
        }
        try reader.finish()
        return reader.builder.build()
    }
}
