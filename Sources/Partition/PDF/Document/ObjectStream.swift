/// A decoded object stream (PDF 32000-1 §7.5.7): `/N` pairs of `number offset` in its first `/First` bytes, then the
/// objects themselves (never streams, never encrypted on their own).
struct ObjectStream {
    let data: [UInt8]
    let entries: [(number: Int, offset: Int)]

    init(data: [UInt8], dictionary: PDFDictionary, budget: PartitionBudget) throws(PartitionError) {
        self.data = data
        let count = max(0, min(dictionary["N"]?.integer ?? 0, data.count / 2))
        let first = max(0, min(dictionary["First"]?.integer ?? 0, data.count))
        var entries: [(number: Int, offset: Int)] = []
        data.withUnsafeBufferPointer { buffer in
            var lexer = PDFLexer(buffer)
            for _ in 0..<count {
                guard case .integer(let number) = lexer.next(), case .integer(let offset) = lexer.next(),
                      number >= 0, offset >= 0, offset < buffer.count - first else { break }
                entries.append((number, first + offset))
            }
        }
        self.entries = entries
    }

    /// The object at `index` if it is object `number`, else wherever `number` is listed.
    func object(_ number: Int, index: Int, maxDepth: Int) throws(PartitionError) -> PDFObject {
        var offset: Int?
        if index >= 0, index < entries.count, entries[index].number == number {
            offset = entries[index].offset
        } else {
            offset = entries.first { $0.number == number }?.offset
        }
        guard let offset else { return .null }
        return try data.withUnsafeBufferPointer { buffer throws(PartitionError) in
            var parser = PDFParser(source: data, buffer: buffer, position: offset, maxDepth: maxDepth)
            return try parser.parseObject() ?? .null
        }
    }
}
