/// Executes a page's content streams for their text (PDF 32000-1 §8.2, §9.4): tracks the graphics and text state,
/// shows strings through their fonts, descends into form XObjects and annotation appearances, and records every
/// glyph in page display space. Painting, colour and images are skipped. Hostile input is bounded: operators and
/// shown glyphs per page (`maxOperatorsPerPage`), form nesting and cycles, the `q` stack, and the time budget checked
/// per operator.
final class ContentInterpreter {
    let document: PDFDocument
    let fonts: FontCache
    let budget: PartitionBudget
    /// User space → display space of the page being read.
    private(set) var pageTransform = Matrix.identity
    var state = GraphicsState(ctm: .identity)
    var stateStack: [GraphicsState] = []
    /// `q`s beyond the stack cap, so their `Q`s do not pop saved states.
    var unsavedDepth = 0
    var textMatrix = Matrix.identity
    var lineMatrix = Matrix.identity
    var operands: [PDFObject] = []
    var output = PageGlyphs()
    var operatorCount = 0
    /// Object numbers of the forms being drawn: a form that draws itself is skipped.
    var formStack: [Int] = []

    static let maxStateDepth = 1_024
    static let maxFormDepth = 32
    static let maxOperands = 4_096

    init(document: PDFDocument, fonts: FontCache) {
        self.document = document
        self.fonts = fonts
        self.budget = document.budget
    }

    /// The glyphs of `page`: its content streams, then the appearance streams of its visible annotations.
    func glyphs(of page: PDFPage) throws(PartitionError) -> PageGlyphs {
        let box = page.box
        switch page.rotation {
        case 90: pageTransform = Matrix(a: 0, b: -1, c: 1, d: 0, e: -box.minY, f: box.maxX)
        case 180: pageTransform = Matrix(a: -1, b: 0, c: 0, d: -1, e: box.maxX, f: box.maxY)
        case 270: pageTransform = Matrix(a: 0, b: 1, c: -1, d: 0, e: box.maxY, f: -box.minX)
        default: pageTransform = .translation(-box.minX, -box.minY)
        }
        let sideways = page.rotation == 90 || page.rotation == 270
        output = PageGlyphs()
        output.width = sideways ? box.height : box.width
        output.height = sideways ? box.width : box.height
        operatorCount = 0
        reset(ctm: .identity)
        if let content = try pageContent(page.dictionary) {
            try run(content, resources: page.resources)
        }
        try drawAnnotations(of: page)
        return output
    }

    func reset(ctm: Matrix) {
        state = GraphicsState(ctm: ctm)
        stateStack.removeAll(keepingCapacity: true)
        unsavedDepth = 0
        textMatrix = .identity
        lineMatrix = .identity
        operands.removeAll(keepingCapacity: true)
    }

    /// The page's `/Contents`: one stream, or an array of streams joined with white space between them (§7.8.2).
    private func pageContent(_ page: PDFDictionary) throws(PartitionError) -> [UInt8]? {
        switch try document.resolve(page["Contents"]) {
        case .stream(let stream):
            return try document.decodedStream(stream)
        case .array(let items):
            var joined: [UInt8] = []
            for item in items {
                guard let data = try document.decodedStream(item) else { continue }
                joined += data
                joined.append(0x0A)
            }
            return joined
        default:
            return nil
        }
    }

    /// Runs one content stream with `resources`.
    func run(_ content: [UInt8], resources: PDFDictionary?) throws(PartitionError) {
        let maxOperators = budget.limits.maxOperatorsPerPage
        try content.withUnsafeBufferPointer { buffer throws(PartitionError) in
            var parser = PDFParser(source: content, buffer: buffer, maxDepth: budget.limits.maxNestingDepth)
            while true {
                let token = parser.lexer.next()
                switch token {
                case .eof:
                    return
                case .integer(let value):
                    operands.append(.integer(value))
                case .real(let value):
                    operands.append(.real(value))
                case .keyword(let range):
                    operatorCount += 1
                    if operatorCount > maxOperators { throw .operatorLimit(maxOperators) }
                    try budget.check()
                    let code = parser.lexer.keywordCode(range)
                    if code == 0x4249 {  // BI
                        skipInlineImage(&parser.lexer)
                    } else {
                        try execute(code, resources: resources)
                    }
                    operands.removeAll(keepingCapacity: true)
                default:
                    if let value = try parser.value(of: token, depth: 0) { operands.append(value) }
                }
                if operands.count > Self.maxOperands { operands.removeFirst(operands.count / 2) }
            }
        }
    }

    /// One operator. Codes are the operator's bytes packed big-endian (`PDFLexer.keywordCode`).
    private func execute(_ code: UInt32, resources: PDFDictionary?) throws(PartitionError) {
        switch code {
        case 0x546A: try showText(operands.last)                  // Tj
        case 0x544A: try showArray(operands.last)                 // TJ
        case 0x5464: moveText(number(0, of: 2), number(1, of: 2))               // Td
        case 0x5444:                                              // TD
            state.leading = -number(1, of: 2)
            moveText(number(0, of: 2), number(1, of: 2))
        case 0x546D:                                              // Tm
            if let matrix = matrixOperand() {
                textMatrix = matrix
                lineMatrix = matrix
            }
        case 0x542A: moveText(0, -state.leading)                  // T*
        case 0x27:                                                // '
            moveText(0, -state.leading)
            try showText(operands.last)
        case 0x22:                                                // "
            state.wordSpacing = number(0, of: 3)
            state.characterSpacing = number(1, of: 3)
            moveText(0, -state.leading)
            try showText(operands.last)
        case 0x5466: try selectFont(resources: resources)         // Tf
        case 0x5463: state.characterSpacing = number(0, of: 1)    // Tc
        case 0x5477: state.wordSpacing = number(0, of: 1)         // Tw
        case 0x547A: state.horizontalScaling = number(0, of: 1) / 100  // Tz
        case 0x544C: state.leading = number(0, of: 1)             // TL
        case 0x5473: state.rise = number(0, of: 1)                // Ts
        case 0x4254:                                              // BT
            textMatrix = .identity
            lineMatrix = .identity
        case 0x636D:                                              // cm
            if let matrix = matrixOperand() { state.ctm = matrix.then(state.ctm) }
        case 0x71:                                                // q
            if stateStack.count < Self.maxStateDepth { stateStack.append(state) } else { unsavedDepth += 1 }
        case 0x51:                                                // Q
            if unsavedDepth > 0 {
                unsavedDepth -= 1
            } else if let saved = stateStack.popLast() {
                state = saved
            }
        case 0x446F: try drawXObject(operands.last?.name, resources: resources)  // Do
        default:
            break
        }
    }

    /// Numeric operand `index` counted from the first of the last `count` operands the operator takes; 0 if absent.
    @inline(__always)
    func number(_ index: Int, of count: Int) -> Double {
        let position = operands.count - count + index
        guard position >= 0, position < operands.count else { return 0 }
        return operands[position].number ?? 0
    }

    private func matrixOperand() -> Matrix? {
        guard operands.count >= 6 else { return nil }
        return Matrix(operands.suffix(6).compactMap(\.number))
    }

    private func moveText(_ x: Double, _ y: Double) {
        lineMatrix = Matrix.translation(x, y).then(lineMatrix)
        textMatrix = lineMatrix
    }
}
