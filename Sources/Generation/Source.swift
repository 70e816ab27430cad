import Chunking

/// A retrieved chunk offered to a generator, numbered as the answer cites it (`[marker]`).
package struct Source: Sendable, Equatable {
    package var marker: Int
    package var title: String
    package var text: String

    package init(marker: Int, title: String, text: String) {
        self.marker = marker
        self.title = title
        self.text = text
    }
}

/// A generated answer: text with `[n]` markers, and for each cited source the spans of its text that support the
/// answer, as `[start, end)` offsets in Unicode scalars of the source's text.
package struct Answer: Sendable, Equatable {
    package var text: String
    package var supports: [Int: [[Int]]]
    package var promptTokens: Int
    package var completionTokens: Int
    /// The model (or "extractive") that wrote it.
    package var model: String

    package init(text: String, supports: [Int: [[Int]]], promptTokens: Int = 0, completionTokens: Int = 0,
                 model: String) {
        self.text = text
        self.supports = supports
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.model = model
    }

    /// The markers the text cites, in order of first appearance.
    package var citedMarkers: [Int] { CitationMarkers.find(in: text).map(\.marker).uniqued() }
}

extension Source {
    /// The text's sentences, each with its `[start, end)` offsets in Unicode scalars (the unit of highlights).
    var sentences: [(text: Substring, scalars: Range<Int>)] {
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var offset = 0
        return SentenceSplitter.sentences(in: text[...]).map { range in
            // Counted forward from the previous sentence, so the whole text is walked once.
            offset += scalars.distance(from: index, to: range.lowerBound)
            let start = offset
            offset += scalars.distance(from: range.lowerBound, to: range.upperBound)
            index = range.upperBound
            return (text[range], start..<offset)
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
