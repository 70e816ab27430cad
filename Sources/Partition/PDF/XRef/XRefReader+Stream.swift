/// Cross-reference streams (PDF 32000-1 §7.5.8): binary entries of `/W` field widths over the `/Index` ranges.
extension XRefReader {
    /// The entries and dictionary of the xref stream at `offset`, or nil when there is none.
    func xrefStream(at offset: Int) throws(PartitionError) -> ([(Int, XRefTable.Entry)], PDFDictionary)? {
        guard offset >= 0, offset < buffer.count else { return nil }
        var parser = PDFParser(source: source, buffer: buffer, position: offset,
                               maxDepth: budget.limits.maxNestingDepth)
        guard let (_, object) = try parser.indirectObject(), case .stream(let stream) = object,
              stream.dictionary.isType("XRef") else { return nil }
        // Xref streams are never encrypted (§7.6.1), so they decode before the security handler exists.
        let filters = stream.dictionary["Filter"].map(Self.names) ?? []
        let parameters = stream.dictionary["DecodeParms"].map(Self.dictionaries) ?? []
        guard let data = try StreamFilters.decode(stream.data, filters: filters, parameters: parameters,
                                                  budget: budget) else { return nil }
        return (Self.entries(of: stream.dictionary, data: data), stream.dictionary)
    }

    static func entries(of dictionary: PDFDictionary, data: [UInt8]) -> [(Int, XRefTable.Entry)] {
        let widths = (dictionary["W"]?.array ?? []).map { max(0, min($0.integer ?? 0, 8)) }
        guard widths.count >= 3 else { return [] }
        let entryLength = widths[0] + widths[1] + widths[2]
        guard entryLength > 0 else { return [] }
        let size = dictionary["Size"]?.integer ?? 0
        var ranges: [(Int, Int)] = []
        if let index = dictionary["Index"]?.array, index.count >= 2 {
            for pair in stride(from: 0, to: index.count - 1, by: 2) {
                if let first = index[pair].integer, let count = index[pair + 1].integer, first >= 0, count >= 0,
                   first <= Int(Int32.max) {
                    ranges.append((first, count))
                }
            }
        } else {
            ranges = [(0, max(0, size))]
        }
        var entries: [(Int, XRefTable.Entry)] = []
        var position = 0
        outer: for (first, count) in ranges {
            for index in 0..<count {
                guard position + entryLength <= data.count else { break outer }
                let kind = widths[0] == 0 ? 1 : field(data, at: position, width: widths[0])
                let second = field(data, at: position + widths[0], width: widths[1])
                let third = field(data, at: position + widths[0] + widths[1], width: widths[2])
                position += entryLength
                switch kind {
                case 1 where second > 0: entries.append((first + index, .offset(second, generation: third)))
                case 2: entries.append((first + index, .compressed(stream: second, index: third)))
                default: entries.append((first + index, .free))
                }
            }
        }
        return entries
    }

    private static func field(_ data: [UInt8], at position: Int, width: Int) -> Int {
        var value = 0
        for index in 0..<width { value = value << 8 | Int(data[position + index]) }
        return value
    }

    static func names(_ object: PDFObject) -> [String] {
        if let name = object.name { return [name] }
        return (object.array ?? []).compactMap(\.name)
    }

    static func dictionaries(_ object: PDFObject) -> [PDFDictionary?] {
        if let dictionary = object.dictionary { return [dictionary] }
        return (object.array ?? []).map(\.dictionary)
    }
}
