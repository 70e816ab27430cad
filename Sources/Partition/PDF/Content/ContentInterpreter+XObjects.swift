/// Form XObjects (PDF 32000-1 §8.10), annotation appearances (§12.5.5) and inline images (§8.9.7).
extension ContentInterpreter {
    /// `Do`: runs a form with its own matrix and resources (its own, else the caller's); images are ignored.
    func drawXObject(_ name: String?, resources: PDFDictionary?) throws(PartitionError) {
        guard let name, let xobjects = try document.resolve(resources?["XObject"]).dictionary,
              let entry = xobjects[name] else { return }
        try drawForm(entry, matrix: nil, fallbackResources: resources)
    }

    /// Runs form `entry` with CTM = `matrix` (or the form's `/Matrix` × CTM when nil), guarding depth and cycles.
    func drawForm(_ entry: PDFObject, matrix: Matrix?, fallbackResources: PDFDictionary?) throws(PartitionError) {
        let number = entry.reference?.number ?? -1
        guard formStack.count < Self.maxFormDepth, number < 0 || !formStack.contains(number),
              case .stream(let stream) = try document.resolve(entry),
              stream.dictionary.name("Subtype") != "Image",
              let content = try document.decodedStream(stream) else { return }
        let formMatrix = Matrix(stream.dictionary["Matrix"]?.array?.compactMap(\.number) ?? []) ?? .identity
        let resources = try document.resolve(stream.dictionary["Resources"]).dictionary ?? fallbackResources
        let savedState = state
        let savedStack = stateStack
        let savedUnsaved = unsavedDepth
        let savedText = (textMatrix, lineMatrix)
        let savedOperands = operands
        formStack.append(number)
        defer {
            formStack.removeLast()
            state = savedState
            stateStack = savedStack
            unsavedDepth = savedUnsaved
            (textMatrix, lineMatrix) = savedText
            operands = savedOperands
        }
        state.ctm = matrix ?? formMatrix.then(state.ctm)
        stateStack.removeAll(keepingCapacity: true)
        unsavedDepth = 0
        operands.removeAll()
        try run(content, resources: resources)
    }

    /// Draws the normal appearance of each annotation that is not hidden (flags bits 2 and 6, §12.5.3), mapped onto
    /// its `/Rect` by algorithm 8.1 of §12.5.5: the form's bounding box, transformed by its matrix, is fitted to the
    /// rectangle. Poppler's pdftotext includes this text (form field values, free-text notes), so we do too.
    func drawAnnotations(of page: PDFPage) throws(PartitionError) {
        guard let annotations = try document.resolve(page.dictionary["Annots"]).array else { return }
        let regenerate = try needsAppearances()
        for item in annotations.prefix(10_000) {
            guard let annotation = try document.resolve(item).dictionary else { continue }
            let flags = annotation["F"]?.integer ?? 0
            guard flags & 0b10_0010 == 0, annotation.name("Subtype") != "Popup",
                  let rect = PDFRect(try document.resolve(annotation["Rect"])) else { continue }
            if regenerate, annotation.name("Subtype") == "Widget",
               try drawFieldAppearance(annotation, rect: rect) { continue }
            guard let appearance = try appearanceStream(of: annotation),
                  case .stream(let stream) = try document.resolve(appearance),
                  let bbox = PDFRect(try document.resolve(stream.dictionary["BBox"])) else { continue }
            let formMatrix = Matrix(stream.dictionary["Matrix"]?.array?.compactMap(\.number) ?? []) ?? .identity
            let corners = [formMatrix.apply(bbox.minX, bbox.minY), formMatrix.apply(bbox.maxX, bbox.minY),
                           formMatrix.apply(bbox.minX, bbox.maxY), formMatrix.apply(bbox.maxX, bbox.maxY)]
            let minX = corners.map(\.x).min() ?? 0
            let maxX = corners.map(\.x).max() ?? 0
            let minY = corners.map(\.y).min() ?? 0
            let maxY = corners.map(\.y).max() ?? 0
            guard maxX > minX, maxY > minY else { continue }
            let fit = Matrix(a: rect.width / (maxX - minX), b: 0, c: 0, d: rect.height / (maxY - minY),
                             e: rect.minX - minX * rect.width / (maxX - minX),
                             f: rect.minY - minY * rect.height / (maxY - minY))
            reset(ctm: .identity)
            try drawForm(appearance, matrix: formMatrix.then(fit), fallbackResources: page.resources)
        }
    }

    /// `/AP /N`: a stream, or a dictionary of states from which `/AS` picks one.
    private func appearanceStream(of annotation: PDFDictionary) throws(PartitionError) -> PDFObject? {
        guard let appearances = try document.resolve(annotation["AP"]).dictionary,
              let normal = appearances["N"] else { return nil }
        if case .stream = try document.resolve(normal) { return normal }
        guard let states = try document.resolve(normal).dictionary,
              let selected = annotation.name("AS"), let chosen = states[selected] else { return nil }
        return chosen
    }

    /// Skips an inline image: its dictionary up to `ID`, then the data up to an `EI` standing alone between white
    /// space (the data length is not reliably computable, so this is the pragmatic rule poppler and pdf.js use).
    func skipInlineImage(_ lexer: inout PDFLexer) {
        while true {
            let token = lexer.next()
            if case .eof = token { return }
            if case .keyword(let range) = token, lexer.keyword(range, is: "ID") { break }
        }
        let bytes = lexer.bytes
        var index = lexer.position + 1
        while index + 1 < bytes.count {
            if bytes[index] == 0x45, bytes[index + 1] == 0x49, index > 0, PDFLexer.isWhitespace(bytes[index - 1]),
               index + 2 >= bytes.count || PDFLexer.isWhitespace(bytes[index + 2]) {
                lexer.position = index + 2
                return
            }
            index += 1
        }
        lexer.position = bytes.count
    }
}
