/// One pass of the analyzer over a text's UTF-8: classifies each scalar (`ScalarFoldTable`), gathers letter/digit
/// runs joined by connectors into a compound and CJK characters into a run, and emits the terms of each when it ends.
/// The rules are `Analyzer`'s; the buffers here are reused from compound to compound.
struct TermScanner {
    typealias Emit = (_ term: UnsafeBufferPointer<UInt8>, _ isOverlap: Bool) -> Void

    private let options: AnalyzerOptions
    private let stopWords: TermDictionary
    private let table = ScalarFoldTable.shared

    /// The current compound, folded, connectors included: `ppr-9087`.
    private var compound: [UInt8] = []
    /// Where each part of `compound` starts; a part ends at the connector before the next start, or at the end.
    private var partStarts: [Int] = []
    /// A connector seen after a part; it joins only if a letter or digit follows.
    private var pendingConnector: UInt8?
    /// The current CJK run: each character's folded bytes (marks included) back to back.
    private var cjk: [UInt8] = []
    private var cjkStarts: [Int] = []
    /// Every term is assembled here before it is emitted.
    private var scratch: [UInt8] = []

    init(analyzer: Analyzer) {
        options = analyzer.options
        stopWords = analyzer.stopWords
    }

    mutating func scan(_ text: UnsafeBufferPointer<UInt8>, _ emit: Emit) {
        var index = 0
        while index < text.count {
            let (value, width) = Self.decode(text, at: index)
            index += width
            switch table.kind(of: value) {
            case .letter, .digit:
                if !cjkStarts.isEmpty { flushCJK(emit) }
                if let connector = pendingConnector {
                    compound.append(connector)
                    partStarts.append(compound.count)
                    pendingConnector = nil
                } else if partStarts.isEmpty {
                    partStarts.append(0)
                }
                if value < 0x80 {
                    compound.append(UInt8(value) | (value >= 0x41 && value <= 0x5A ? 0x20 : 0))  // ASCII lowercase
                } else {
                    table.appendFolded(value, foldAccents: options.foldAccents, to: &compound)
                }
            case .mark:
                if !partStarts.isEmpty && pendingConnector == nil {
                    table.appendFolded(value, foldAccents: options.foldAccents, to: &compound)
                } else if !cjkStarts.isEmpty {
                    table.appendFolded(value, foldAccents: options.foldAccents, to: &cjk)
                }
            case .connector:
                if !partStarts.isEmpty && pendingConnector == nil {
                    pendingConnector = ScalarFoldTable.connectorByte(value)
                } else {
                    flushCompound(emit)  // `--`, a leading `-`: the compound (if any) ends here
                }
            case .ideograph:
                flushCompound(emit)
                cjkStarts.append(cjk.count)
                table.appendFolded(value, foldAccents: options.foldAccents, to: &cjk)
            case .separator:
                flushCompound(emit)
                if !cjkStarts.isEmpty { flushCJK(emit) }
            }
        }
        flushCompound(emit)
        if !cjkStarts.isEmpty { flushCJK(emit) }
    }

    /// The scalar at `index` of valid UTF-8 (Swift strings always are) and its width in bytes.
    @inline(__always)
    private static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(text[index])
        if lead < 0x80 { return (lead, 1) }
        let second = UInt32(text[index + 1]) & 0x3F
        if lead < 0xE0 { return ((lead & 0x1F) << 6 | second, 2) }
        let third = UInt32(text[index + 2]) & 0x3F
        if lead < 0xF0 { return ((lead & 0x0F) << 12 | second << 6 | third, 3) }
        let fourth = UInt32(text[index + 3]) & 0x3F
        return ((lead & 0x07) << 18 | second << 12 | third << 6 | fourth, 4)
    }

    // MARK: Compounds

    private func partRange(_ part: Int) -> Range<Int> {
        partStarts[part]..<(part + 1 < partStarts.count ? partStarts[part + 1] - 1 : compound.count)
    }

    private mutating func flushCompound(_ emit: Emit) {
        pendingConnector = nil
        guard !partStarts.isEmpty else { return }
        defer {
            compound.removeAll(keepingCapacity: true)
            partStarts.removeAll(keepingCapacity: true)
        }
        if partStarts.count >= 2, compound.last == .s, partRange(partStarts.count - 1).count == 1,
           compound[partStarts[partStarts.count - 1] - 1] == .apostrophe {
            compound.removeLast(2)  // children's → children
            partStarts.removeLast()
        }
        if partStarts.count >= 2 {
            emitWhole(emit)
            if options.catenateCompounds { emitCatenation(emit) }
        }
        for part in partStarts.indices { emitPart(partRange(part), emit) }
    }

    /// A part is a word of its own: stop-word filtered and stemmed.
    private mutating func emitPart(_ range: Range<Int>, _ emit: Emit) {
        guard range.count <= options.maxTokenBytes else { return }
        scratch.removeAll(keepingCapacity: true)
        compound.withUnsafeBufferPointer { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        if options.removeStopWords && scratch.withUnsafeBufferPointer({ stopWords.id(of: $0) }) != nil { return }
        stemScratch(from: 0)
        scratch.withUnsafeBufferPointer { emit($0, false) }
    }

    /// The whole compound with its connectors; its last part stemmed so `e-mails` finds `e-mail`.
    private mutating func emitWhole(_ emit: Emit) {
        guard compound.count <= options.maxTokenBytes else { return }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: compound)
        stemScratch(from: partStarts[partStarts.count - 1])
        scratch.withUnsafeBufferPointer { emit($0, true) }
    }

    /// The parts run together, stemmed as one word: how the compound is spelled by someone who leaves out the
    /// separator (`email`, `il6`), and that query is stemmed as one word too.
    private mutating func emitCatenation(_ emit: Emit) {
        scratch.removeAll(keepingCapacity: true)
        for part in partStarts.indices { scratch.append(contentsOf: compound[partRange(part)]) }
        guard scratch.count <= options.maxTokenBytes else { return }
        stemScratch(from: 0)
        scratch.withUnsafeBufferPointer { emit($0, true) }
    }

    /// Stems `scratch[start...]` in place when stemming is on and it is a run of `a`–`z`.
    private mutating func stemScratch(from start: Int) {
        guard options.stemEnglish, scratch.count - start > 2,
              scratch[start...].allSatisfy({ $0 >= .a && $0 <= UInt8(ascii: "z") }) else { return }
        guard start > 0 else { return EnglishStemmer.stem(&scratch) }
        var word = Array(scratch[start...])
        EnglishStemmer.stem(&word)
        scratch.removeSubrange(start...)
        scratch.append(contentsOf: word)
    }

    // MARK: CJK

    /// Each character, then each adjacent pair.
    private mutating func flushCJK(_ emit: Emit) {
        defer {
            cjk.removeAll(keepingCapacity: true)
            cjkStarts.removeAll(keepingCapacity: true)
        }
        for index in cjkStarts.indices {
            let end = index + 1 < cjkStarts.count ? cjkStarts[index + 1] : cjk.count
            cjk.withUnsafeBufferPointer { emit(UnsafeBufferPointer(rebasing: $0[cjkStarts[index]..<end]), false) }
            guard index + 1 < cjkStarts.count else { continue }
            let pairEnd = index + 2 < cjkStarts.count ? cjkStarts[index + 2] : cjk.count
            cjk.withUnsafeBufferPointer { emit(UnsafeBufferPointer(rebasing: $0[cjkStarts[index]..<pairEnd]), true) }
        }
    }
}
