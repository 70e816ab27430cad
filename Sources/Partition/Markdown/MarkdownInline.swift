/// Inline Markdown → the text a reader sees (CommonMark 0.31 §6): backslash escapes resolved, code spans kept as
/// their text, emphasis and strikethrough markers removed where they pair up (the delimiter-run rules of §6.2, without
/// the "multiple of 3" refinement), links and images reduced to their text and alt text, autolinks to their address,
/// raw HTML tags dropped, entity references decoded. Line breaks become spaces. Every scan is linear or bounded, so
/// hostile input (thousands of unmatched brackets or backticks) stays fast.
enum MarkdownInline {
    /// The plain text of a paragraph's inline content; `references` holds the defined link labels (lowercased), which
    /// turn a bare `[label]` into a link.
    static func plainText(_ source: some StringProtocol, references: Set<String>) -> String {
        var scanner = Scanner(Array(source.unicodeScalars), references: references)
        scanner.run()
        var output = CollapsedText()
        for piece in resolveEmphasis(scanner.pieces) { output.append(piece) }
        return output.text
    }

    /// A run of `*`, `_` or `~` that may open or close emphasis.
    struct Delimiter {
        var scalar: Unicode.Scalar
        var count: Int
        var canOpen: Bool
        var canClose: Bool
    }

    enum Piece {
        case text(String)
        case delimiter(Delimiter)
    }

    /// Pairs delimiter runs (nearest opener of the same character) and returns the text: paired markers vanish,
    /// unpaired ones stay as written. Openers inside a pair that did not close are dropped from consideration, as
    /// in §6.3's process-emphasis procedure.
    static func resolveEmphasis(_ pieces: [Piece]) -> [String] {
        var removed = [Int](repeating: 0, count: pieces.count)
        var openers: [Unicode.Scalar: [Int]] = [:]
        for (index, piece) in pieces.enumerated() {
            guard case .delimiter(let closer) = piece else { continue }
            if closer.canClose, let opener = openers[closer.scalar]?.last,
               case .delimiter(let open) = pieces[opener] {
                let used = min(open.count, closer.count)
                removed[opener] = used
                removed[index] = used
                openers[closer.scalar]?.removeLast()
                for key in openers.keys where key != closer.scalar {
                    while let last = openers[key]?.last, last > opener { openers[key]?.removeLast() }
                }
            } else if closer.canOpen {
                openers[closer.scalar, default: []].append(index)
            }
        }
        return pieces.enumerated().map { index, piece in
            switch piece {
            case .text(let text): text
            case .delimiter(let run): String(repeating: Character(run.scalar), count: run.count - removed[index])
            }
        }
    }

    /// The left-to-right pass that resolves everything but emphasis.
    struct Scanner {
        let scalars: [Unicode.Scalar]
        let references: Set<String>
        private(set) var pieces: [Piece] = []
        private var literal = String.UnicodeScalarView()
        /// Matching `]` and `)` by opening index, computed once (escaped brackets excluded).
        private let brackets: [Int: Int]
        private let parentheses: [Int: Int]
        /// Start indexes of backtick runs by run length, ascending.
        private let backtickRuns: [Int: [Int]]
        /// At a link text's closing `]`, where to continue (past the destination or label).
        private var jumps: [Int: Int] = [:]
        /// Link labels are at most 999 characters (§4.7), which also bounds the work per bracket.
        private static let maxLabelLength = 1_000
        /// Lookahead for tags and entities.
        private static let maxTagLength = 512
        private static let maxCommentLength = 4096

        init(_ scalars: [Unicode.Scalar], references: Set<String>) {
            self.scalars = scalars
            self.references = references
            brackets = Self.pairs(scalars, open: "[", close: "]")
            parentheses = Self.pairs(scalars, open: "(", close: ")")
            var runs: [Int: [Int]] = [:]
            var index = 0
            while index < scalars.count {
                guard scalars[index] == "`", index == 0 || scalars[index - 1] != "\\" else { index += 1; continue }
                let length = Self.runLength(scalars, at: index)
                runs[length, default: []].append(index)
                index += length
            }
            backtickRuns = runs
        }

        mutating func run() {
            var index = 0
            while index < scalars.count {
                if let jump = jumps[index] {
                    index = jump
                    continue
                }
                index = step(at: index)
            }
            flushLiteral()
        }

        /// Handles the construct at `index` and returns the index after it.
        private mutating func step(at index: Int) -> Int {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "\\":
                if let next, next.isASCII, Self.isPunctuation(next) { literal.append(next); return index + 2 }
                if next == "\n" { return index + 1 }
            case "`":
                return codeSpan(at: index)
            case "!" where next == "[":
                if link(at: index + 1) { return index + 2 }
            case "[":
                if link(at: index) { return index + 1 }
            case "<":
                if let end = tag(at: index) { return end }
            case "&":
                if let end = entity(at: index) { return end }
            case "*", "_", "~":
                return delimiterRun(at: index)
            default:
                break
            }
            literal.append(scalar)
            return index + 1
        }

        /// A code span (§6.1): the content between equal backtick runs, line endings as spaces, one padding space
        /// stripped from each side.
        private mutating func codeSpan(at index: Int) -> Int {
            let length = Self.runLength(scalars, at: index)
            let after = index + length
            guard let starts = backtickRuns[length], let close = Self.first(in: starts, after: after - 1) else {
                literal.append(contentsOf: scalars[index..<after])
                return after
            }
            var content = scalars[after..<close].map { $0 == "\n" ? " " : $0 }
            if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
                content = Array(content.dropFirst().dropLast())
            }
            literal.append(contentsOf: content)
            return close + length
        }

        /// Registers the link or image whose text opens at `open` (a `[`): inline `[text](destination)`, full or
        /// collapsed reference `[text][label]`, or shortcut `[label]` when the label is defined. The text stays; the
        /// brackets and the destination go.
        private mutating func link(at open: Int) -> Bool {
            guard let close = brackets[open] else { return false }
            let after = close + 1
            if after < scalars.count, scalars[after] == "(", let end = parentheses[after] {
                jumps[close] = end + 1
            } else if after < scalars.count, scalars[after] == "[", let end = brackets[after] {
                jumps[close] = end + 1
            } else if close - open <= Self.maxLabelLength, !references.isEmpty,
                      references.contains(String(String.UnicodeScalarView(scalars[(open + 1)..<close])).lowercased()) {
                jumps[close] = after
            } else {
                return false
            }
            return true
        }

        /// An autolink (§6.5) becomes its address; raw HTML (§6.6) — tags, comments, declarations — disappears.
        private mutating func tag(at index: Int) -> Int? {
            if scalars[index...].starts(with: ["<", "!", "-", "-"]) {
                let limit = min(scalars.count, index + Self.maxCommentLength)
                var end = index + 4
                while end + 2 < limit {
                    if scalars[end] == "-", scalars[end + 1] == "-", scalars[end + 2] == ">" { return end + 3 }
                    end += 1
                }
                return nil
            }
            let limit = min(scalars.count, index + Self.maxTagLength)
            guard let close = scalars[(index + 1)..<limit].firstIndex(where: { $0 == ">" || $0 == "<" }),
                  scalars[close] == ">", close > index + 1 else { return nil }
            let inner = scalars[(index + 1)..<close]
            let hasSpace = inner.contains { $0.properties.isWhitespace }
            if !hasSpace, inner.contains(":") || inner.contains("@") {
                literal.append(contentsOf: inner)
                return close + 1
            }
            let first = inner.first!
            let second = inner.dropFirst().first
            if first.properties.isAlphabetic, first.isASCII { return close + 1 }
            if first == "/" || first == "!" || first == "?", let second, second.isASCII,
               second.properties.isAlphabetic {
                return close + 1
            }
            return nil
        }

        /// An entity or numeric character reference (§2.5), decoded with the HTML table.
        private mutating func entity(at index: Int) -> Int? {
            let limit = min(scalars.count, index + 34)
            guard let semicolon = scalars[index..<limit].firstIndex(of: ";") else { return nil }
            let candidate = String(String.UnicodeScalarView(scalars[index...semicolon]))
            let decoded = CharacterReferences.decode(Array(candidate.utf8)[...], dialect: .html)
            guard decoded != candidate else { return nil }
            literal.append(contentsOf: decoded.unicodeScalars)
            return semicolon + 1
        }

        /// A delimiter run with its flanking (§6.2): left-flanking runs may open, right-flanking runs may close; `_`
        /// additionally refuses to open or close inside a word.
        private mutating func delimiterRun(at index: Int) -> Int {
            let scalar = scalars[index]
            let length = Self.runLength(scalars, at: index)
            let before: Unicode.Scalar = index > 0 ? scalars[index - 1] : " "
            let after: Unicode.Scalar = index + length < scalars.count ? scalars[index + length] : " "
            let beforeSpace = before.properties.isWhitespace, afterSpace = after.properties.isWhitespace
            let beforePunctuation = Self.isPunctuation(before), afterPunctuation = Self.isPunctuation(after)
            let left = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
            let right = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
            let delimiter = scalar == "_"
                ? Delimiter(scalar: scalar, count: length, canOpen: left && (!right || beforePunctuation),
                            canClose: right && (!left || afterPunctuation))
                : Delimiter(scalar: scalar, count: length, canOpen: left, canClose: right)
            flushLiteral()
            pieces.append(.delimiter(delimiter))
            return index + length
        }

        private mutating func flushLiteral() {
            guard !literal.isEmpty else { return }
            pieces.append(.text(String(literal)))
            literal = String.UnicodeScalarView()
        }

        /// Matching close index by open index for one bracket pair, skipping escaped brackets.
        private static func pairs(_ scalars: [Unicode.Scalar], open: Unicode.Scalar,
                                  close: Unicode.Scalar) -> [Int: Int] {
            var result: [Int: Int] = [:]
            var stack: [Int] = []
            var escaped = false
            for (index, scalar) in scalars.enumerated() {
                defer { escaped = !escaped && scalar == "\\" }
                guard !escaped else { continue }
                if scalar == open { stack.append(index) }
                if scalar == close, let start = stack.popLast() { result[start] = index }
            }
            return result
        }

        private static func runLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int {
            var end = index
            while end < scalars.count, scalars[end] == scalars[index] { end += 1 }
            return end - index
        }

        /// The first value in ascending `values` greater than `bound` (binary search).
        private static func first(in values: [Int], after bound: Int) -> Int? {
            var low = 0, high = values.count
            while low < high {
                let middle = (low + high) / 2
                if values[middle] > bound { high = middle } else { low = middle + 1 }
            }
            return low < values.count ? values[low] : nil
        }

        /// ASCII punctuation or a Unicode punctuation or symbol character (§2.1).
        static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol,
                 .modifierSymbol, .otherSymbol:
                true
            default:
                false
            }
        }
    }
}
