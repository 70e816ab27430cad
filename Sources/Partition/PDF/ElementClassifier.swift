/// Turns paragraphs into elements: a paragraph is a heading when its glyphs are clearly larger than the body text
/// (≥ 1.15× and at least 1 pt more) or bold in a non-bold body, short (≤ 3 lines, ≤ 200 characters) and not ending
/// like a sentence fragment. Heading levels rank the distinct heading sizes, largest first; bold body-size headings
/// rank below them. Bulleted and numbered paragraphs are list items.
struct ElementClassifier {
    let paragraphs: [TextParagraph]

    func append(to builder: inout DocumentBuilder) {
        let body = bodySize()
        let bodyBold = boldBody()
        var headingSizes: [Double] = []
        var kinds: [(ElementKind, Int?)] = []
        for paragraph in paragraphs {
            let kind = classify(paragraph, body: body, bodyIsBold: bodyBold)
            kinds.append((kind, nil))
            if kind == .heading, paragraph.size >= body * 1.15 {
                let rounded = (paragraph.size * 2).rounded() / 2
                if !headingSizes.contains(rounded) { headingSizes.append(rounded) }
            }
        }
        headingSizes.sort(by: >)
        for (index, paragraph) in paragraphs.enumerated() {
            let kind = kinds[index].0
            var level: Int?
            if kind == .heading {
                let rounded = (paragraph.size * 2).rounded() / 2
                level = min(6, (headingSizes.firstIndex(of: rounded) ?? headingSizes.count) + 1)
            }
            builder.append(kind, paragraph.text, page: paragraph.page, level: level)
        }
    }

    private func classify(_ paragraph: TextParagraph, body: Double, bodyIsBold: Bool) -> ElementKind {
        let fallback: ElementKind = paragraph.isListItem ? .listItem : .paragraph
        // A numbered line in a heading's size or weight ("1. Introduction") is a heading, a bulleted one never is.
        if paragraph.isListItem, paragraph.lineCount > 1 || !(paragraph.text.unicodeScalars.first?.properties.isAlphabetic
            ?? false || paragraph.text.unicodeScalars.first?.properties.numericType != nil) {
            return .listItem
        }
        let text = paragraph.text
        guard paragraph.lineCount <= 3, text.unicodeScalars.count <= 200,
              text.unicodeScalars.lazy.filter(\.properties.isAlphabetic).prefix(2).count == 2,
              let last = text.unicodeScalars.last, ![",", ";"].contains(last) else { return fallback }
        if paragraph.size >= body * 1.15, paragraph.size - body >= 1 { return .heading }
        if !bodyIsBold, paragraph.boldShare >= 0.8, paragraph.size >= body * 0.95, paragraph.lineCount <= 2,
           text.unicodeScalars.count <= 120, last != "." {
            return .heading
        }
        return fallback
    }

    /// The size most text is set in, weighted by characters.
    private func bodySize() -> Double {
        var votes: [Double: Int] = [:]
        for paragraph in paragraphs { votes[(paragraph.size * 2).rounded() / 2, default: 0] += paragraph.text.count }
        return votes.max { $0.value < $1.value || $0.value == $1.value && $0.key > $1.key }?.key ?? 0
    }

    /// Whether most text is bold (then bold says nothing about headings).
    private func boldBody() -> Bool {
        var bold = 0.0
        var total = 0.0
        for paragraph in paragraphs {
            bold += paragraph.boldShare * Double(paragraph.text.count)
            total += Double(paragraph.text.count)
        }
        return total > 0 && bold / total > 0.5
    }
}
