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

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
