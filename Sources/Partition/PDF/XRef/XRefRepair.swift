/// Rebuilds the cross-reference table by scanning the whole file for `N G obj` headers, the way poppler and pdf.js
/// reconstruct broken files: later definitions win (incremental updates append), trailers are merged front to back,
/// and files without a trailer (xref-stream files) get their root from an xref stream's dictionary or, failing that,
/// from the last `/Type /Catalog` object. Objects inside object streams are added by the caller, which can decode them.
struct XRefRepair {
    let source: [UInt8]
    let buffer: UnsafeBufferPointer<UInt8>
    let budget: PartitionBudget

    /// Object headers found, in file order: (number, generation, offset).
    struct Scan {
        var objects: [(number: Int, generation: Int, offset: Int)] = []
        var table = XRefTable()
    }

    func scan() throws(PartitionError) -> Scan {
        var result = Scan()
        var index = 0
        let count = buffer.count
        while let found = PDFLexer.find("obj", in: buffer, from: index, to: count) {
            index = found + 3
            try budget.check()
            // `obj` must end a token and be preceded by `N G`.
            if found + 3 < count, PDFLexer.isRegular(buffer[found + 3]) { continue }
            guard let (number, generation, start) = header(before: found) else { continue }
            result.objects.append((number, generation, start))
            result.table.set(number, .offset(start, generation: generation))
        }
        try collectTrailers(into: &result)
        return result
    }

    /// Parses `N G` backwards from the `obj` keyword at `position`.
    private func header(before position: Int) -> (Int, Int, Int)? {
        var cursor = position - 1
        func skipSpace() { while cursor >= 0, PDFLexer.isWhitespace(buffer[cursor]) { cursor -= 1 } }
        func digits() -> Int? {
            let end = cursor
            while cursor >= 0, buffer[cursor] >= 0x30, buffer[cursor] <= 0x39, end - cursor < 10 { cursor -= 1 }
            guard cursor < end else { return nil }
            var value = 0
            for offset in (cursor + 1)...end { value = value * 10 + Int(buffer[offset] - 0x30) }
            return value
        }
        skipSpace()
        guard let generation = digits(), cursor < position - 1 else { return nil }
        let spaceEnd = cursor
        skipSpace()
        guard cursor < spaceEnd, let number = digits() else { return nil }
        if cursor >= 0, PDFLexer.isRegular(buffer[cursor]) { return nil }
        return (number, generation, cursor + 1)
    }

    /// Merges every `trailer` dictionary (later keys win); without a root, looks for one in xref-stream and catalog
    /// objects.
    private func collectTrailers(into result: inout Scan) throws(PartitionError) {
        var merged = PDFDictionary()
        var index = 0
        while let found = PDFLexer.find("trailer", in: buffer, from: index, to: buffer.count) {
            index = found + 7
            try budget.check()
            var parser = PDFParser(source: source, buffer: buffer, position: found + 7,
                                   maxDepth: budget.limits.maxNestingDepth)
            guard case .dictionary(let trailer)? = try? parser.parseObject() else { continue }
            for (key, value) in trailer.entries where key != "Prev" && key != "XRefStm" { merged[key] = value }
        }
        if merged["Root"] == nil {
            for (key, value) in try dictionaryKeys(ofObjectsContaining: "/XRef", keys: ["Root", "Info", "Encrypt", "ID"],
                                                   objects: result.objects) where merged[key] == nil {
                merged[key] = value
            }
        }
        if merged["Root"] == nil,
           let catalog = try objectNumbers(containing: "/Catalog", objects: result.objects).last {
            merged["Root"] = .reference(PDFReference(number: catalog.number, generation: catalog.generation))
        }
        result.table.trailer = merged
    }

    /// The objects (number, generation, offset) whose text contains `marker`: the last header before each occurrence.
    func objectNumbers(containing marker: StaticString, objects: [(number: Int, generation: Int, offset: Int)])
        throws(PartitionError) -> [(number: Int, generation: Int, offset: Int)] {
        var found: [(number: Int, generation: Int, offset: Int)] = []
        var index = 0
        while let position = PDFLexer.find(marker, in: buffer, from: index, to: buffer.count) {
            index = position + 1
            try budget.check()
            // Binary search for the last object header before the marker.
            var low = 0
            var high = objects.count
            while low < high {
                let middle = (low + high) / 2
                if objects[middle].offset < position { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { continue }
            let object = objects[low - 1]
            if found.last?.offset != object.offset { found.append(object) }
        }
        return found
    }

    private func dictionaryKeys(ofObjectsContaining marker: StaticString, keys: [String],
                                objects: [(number: Int, generation: Int, offset: Int)])
        throws(PartitionError) -> [String: PDFObject] {
        var merged: [String: PDFObject] = [:]
        for object in try objectNumbers(containing: marker, objects: objects) {
            var parser = PDFParser(source: source, buffer: buffer, position: object.offset,
                                   maxDepth: budget.limits.maxNestingDepth)
            guard let (_, value) = try? parser.indirectObject(), let dictionary = value.dictionary,
                  dictionary.isType("XRef") else { continue }
            for key in keys { if let entry = dictionary[key] { merged[key] = entry } }
        }
        return merged
    }
}
