/// Plain text → paragraphs split on blank lines, line breaks inside a paragraph kept (addresses, verse, hard-wrapped
/// prose all read correctly that way).
///
/// Headings are not guessed from layout, with one conservative exception: a paragraph that is a single short line
/// (at most `maxHeadingLength` characters) written entirely in capitals, with at least two letters, no sentence-ending
/// punctuation, and more text after it — "INTRODUCTION", "2. TERMS OF SERVICE" — is a level-1 heading. Anything
/// looser turns short sentences and list fragments into false section paths.
package enum TextPartitioner {
    /// The longest line taken as an all-capitals heading.
    static let maxHeadingLength = 60

    /// Partitions plain text (encoding detected by `TextDecoding`). Throws `empty_document` for no text and
    /// `unsupported_format` for binary data.
    package static func partition(_ bytes: [UInt8],
                                  budget: PartitionBudget) throws(PartitionError) -> PartitionedDocument {
        guard !bytes.isEmpty else { throw .emptyDocument }
        let text = try TextDecoding.decode(bytes)
        let blocks = paragraphs(of: text)
        var builder = DocumentBuilder(format: .text)
        var allowance = TextAllowance(budget.limits)
        for (position, block) in blocks.enumerated() {
            try budget.check()
            let isHeading = position + 1 < blocks.count && looksLikeHeading(block)
            try builder.append(isHeading ? .heading : .paragraph, String(block), level: isHeading ? 1 : nil,
                               within: &allowance)
        }
        guard builder.count > 0 else { throw .emptyDocument }
        return builder.build()
    }

    /// The blocks of `text` between blank (whitespace-only) lines.
    static func paragraphs(of text: String) -> [Substring] {
        var blocks: [Substring] = []
        var start: String.Index?
        var end = text.startIndex
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if let open = start { blocks.append(text[open..<end]) }
                start = nil
            } else {
                if start == nil { start = line.startIndex }
                end = line.endIndex
            }
        }
        if let open = start { blocks.append(text[open..<end]) }
        return blocks
    }

    /// The conservative all-capitals heading test described above.
    static func looksLikeHeading(_ block: Substring) -> Bool {
        let line = DocumentBuilder.trimmed(String(block))
        guard !line.contains("\n"), line.count <= maxHeadingLength, let last = line.last, !".,;:!?".contains(last)
        else { return false }
        let letters = line.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy { $0.isUppercase }
    }
}
