/// Reads the cross-reference chain from `startxref` (PDF 32000-1 §7.5.5): classic tables with their trailers, xref
/// streams (§7.5.8), hybrid files (`/XRefStm`, §7.5.8.4) and incremental updates through `/Prev` (§7.5.6). Returns nil
/// when the chain is missing or unreadable, so the caller rebuilds it by scanning (`XRefRepair`). Visited offsets are
/// remembered, so a `/Prev` loop ends the chain instead of spinning.
struct XRefReader {
    let source: [UInt8]
    let buffer: UnsafeBufferPointer<UInt8>
    let budget: PartitionBudget

    /// Most sections followed; real files have a handful of incremental updates.
    static let maxSections = 512

    func read() throws(PartitionError) -> XRefTable? {
        guard let start = startXRefOffset() else { return nil }
        var table = XRefTable()
        var visited = Set<Int>()
        var pending: [Int] = [start]
        var readAny = false
        while let offset = pending.popLast() {
            try budget.check()
            guard offset >= 0, offset < buffer.count, visited.count < Self.maxSections,
                  visited.insert(offset).inserted else { continue }
            guard let trailer = try readSection(at: offset, into: &table) else {
                // A broken link in the chain: what was read so far cannot be trusted to be complete.
                return nil
            }
            readAny = true
            table.mergeTrailer(trailer)
            if let previous = trailer["Prev"]?.integer { pending.append(previous) }
        }
        return readAny ? table : nil
    }

    /// The offset after the last `startxref` keyword (§7.5.5).
    private func startXRefOffset() -> Int? {
        guard let keyword = PDFLexer.findLast("startxref", in: buffer, before: buffer.count) else { return nil }
        var lexer = PDFLexer(buffer, position: keyword + 9)
        if case .integer(let offset) = lexer.next() { return offset }
        return nil
    }

    /// Reads the section at `offset` into `table` and returns its trailer, or nil when no section is there.
    private func readSection(at offset: Int, into table: inout XRefTable) throws(PartitionError) -> PDFDictionary? {
        var lexer = PDFLexer(buffer, position: offset)
        lexer.skipWhitespace()
        let keywordStart = lexer.position
        if case .keyword(let range) = lexer.next(), lexer.keyword(range, is: "xref") {
            guard let (entries, trailer) = try classicTable(after: range.upperBound) else { return nil }
            // In a hybrid file the xref stream describes the objects the table hides from old readers; it wins.
            if let streamOffset = trailer["XRefStm"]?.integer, streamOffset != offset,
               let (streamEntries, _) = try xrefStream(at: streamOffset) {
                for (number, entry) in streamEntries { table.addIfAbsent(number, entry) }
            }
            for (number, entry) in entries { table.addIfAbsent(number, entry) }
            return trailer
        }
        guard let (entries, trailer) = try xrefStream(at: keywordStart) else { return nil }
        for (number, entry) in entries { table.addIfAbsent(number, entry) }
        return trailer
    }

    /// A classic table: subsections `first count` of `offset generation n|f` entries, then `trailer << … >>`.
    private func classicTable(after position: Int) throws(PartitionError)
        -> ([(Int, XRefTable.Entry)], PDFDictionary)? {
        var lexer = PDFLexer(buffer, position: position)
        var entries: [(Int, XRefTable.Entry)] = []
        while true {
            try budget.check()
            let saved = lexer.position
            let token = lexer.next()
            if case .keyword(let range) = token, lexer.keyword(range, is: "trailer") { break }
            guard case .integer(var first) = token, case .integer(let count) = lexer.next(), first >= 0, count >= 0,
                  first <= Int(Int32.max), count <= buffer.count / 3 else {
                lexer.position = saved
                break
            }
            for index in 0..<count {
                guard case .integer(let offset) = lexer.next(), case .integer(let generation) = lexer.next(),
                      case .keyword(let kind) = lexer.next() else { return nil }
                // A common writer bug numbers the first subsection from 1 while its first entry is object 0's.
                if index == 0, first == 1, generation == 65535, lexer.keyword(kind, is: "f") { first = 0 }
                let number = first + index
                if lexer.keyword(kind, is: "n"), offset > 0, offset < buffer.count {
                    entries.append((number, .offset(offset, generation: generation)))
                } else {
                    entries.append((number, .free))
                }
            }
        }
        var parser = PDFParser(source: source, buffer: buffer, position: lexer.position,
                               maxDepth: budget.limits.maxNestingDepth)
        if case .keyword(let range) = parser.lexer.next(), parser.lexer.keyword(range, is: "trailer") {
            if case .dictionary(let trailer)? = try parser.parseObject() { return (entries, trailer) }
        } else {
            parser.lexer.position = lexer.position
            if case .dictionary(let trailer)? = try parser.parseObject() { return (entries, trailer) }
        }
        return nil
    }
}
