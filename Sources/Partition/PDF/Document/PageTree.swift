/// Walks the page tree (PDF 32000-1 §7.7.3) in order, passing inheritable attributes down. Visited nodes are
/// remembered, so a `/Kids` entry pointing back up the tree is skipped instead of looping; depth and page count are
/// bounded by the limits. When the tree yields no page at all, pages are collected from the objects typed `/Page`.
struct PageTree {
    let document: PDFDocument

    private struct Inherited {
        var resources: PDFObject?
        var mediaBox: PDFObject?
        var cropBox: PDFObject?
        var rotate: PDFObject?
    }

    func pages() throws(PartitionError) -> [PDFPage] {
        var pages: [PDFPage] = []
        var visited = Set<Int>()
        if let root = try document.catalog()?["Pages"] {
            try walk(root, inherited: Inherited(), depth: 0, visited: &visited, into: &pages)
        }
        if pages.isEmpty { try collectLoosePages(into: &pages) }
        return pages
    }

    private func walk(_ node: PDFObject, inherited: Inherited, depth: Int, visited: inout Set<Int>,
                      into pages: inout [PDFPage]) throws(PartitionError) {
        let limits = document.budget.limits
        guard depth <= limits.maxNestingDepth else { throw .nestingLimit("page tree deeper than \(limits.maxNestingDepth)") }
        if case .reference(let reference) = node, !visited.insert(reference.number).inserted { return }
        guard let dictionary = try document.resolve(node).dictionary else { return }
        try document.budget.check()
        var attributes = inherited
        if let value = dictionary["Resources"] { attributes.resources = value }
        if let value = dictionary["MediaBox"] { attributes.mediaBox = value }
        if let value = dictionary["CropBox"] { attributes.cropBox = value }
        if let value = dictionary["Rotate"] { attributes.rotate = value }
        if let kids = try document.resolve(dictionary["Kids"]).array, !dictionary.isType("Page") {
            for kid in kids { try walk(kid, inherited: attributes, depth: depth + 1, visited: &visited, into: &pages) }
            return
        }
        guard pages.count < limits.maxPages else { throw .pageLimit(limits.maxPages) }
        pages.append(try page(dictionary, attributes))
    }

    private func page(_ dictionary: PDFDictionary, _ attributes: Inherited) throws(PartitionError) -> PDFPage {
        let media = PDFRect(try document.resolve(attributes.mediaBox)) ?? .letter
        let crop = PDFRect(try document.resolve(attributes.cropBox)).flatMap { $0.intersection(media) } ?? media
        let rotate = try document.resolve(attributes.rotate).integer ?? 0
        let normalized = ((rotate % 360) + 360) % 360 / 90 * 90
        return PDFPage(dictionary: dictionary, resources: try document.resolve(attributes.resources).dictionary,
                       box: crop, rotation: normalized)
    }

    /// Fallback for a broken tree: every object of type `/Page`, in object-number order.
    private func collectLoosePages(into pages: inout [PDFPage]) throws(PartitionError) {
        let limits = document.budget.limits
        for number in document.table.entries.keys.sorted() {
            guard case .dictionary(let dictionary) = try document.object(PDFReference(number: number, generation: 0)),
                  dictionary.isType("Page") else { continue }
            guard pages.count < limits.maxPages else { throw .pageLimit(limits.maxPages) }
            let attributes = Inherited(resources: dictionary["Resources"], mediaBox: dictionary["MediaBox"],
                                       cropBox: dictionary["CropBox"], rotate: dictionary["Rotate"])
            pages.append(try page(dictionary, attributes))
        }
    }
}
