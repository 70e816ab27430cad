/// A prompt template: the user message a remote model receives, with `{{question}}`, `{{sources}}` and optionally
/// `{{history}}` filled in. The template is written by the organization (the Prompts API); the guard rails around
/// it — the system message and the delimiting of untrusted text — are ragd's and cannot be edited away.
package struct PromptTemplate: Sendable, Equatable {
    package enum Placeholder: String, CaseIterable, Sendable {
        case question, sources, history
    }

    package let text: String

    /// The built-in template (`default@1`), used when neither the request nor the knowledge base names one.
    package static let builtIn = PromptTemplate(validated: """
        Answer the question using only the numbered sources. After every sentence, cite the sources it relies on \
        with their markers, like [1] or [2][3]. If the sources do not contain the answer, say that you could not \
        find it in the knowledge base instead of guessing.
        {{history}}
        Question: {{question}}

        {{sources}}
        """)

    /// Longest template accepted, in bytes.
    package static let maxBytes = 32_768

    private init(validated text: String) { self.text = text }

    /// A template after checking it: it must place the question and the sources, and name no unknown placeholder
    /// (a typo such as `{{sources }}` would otherwise send the model a prompt without its sources).
    package init(_ text: String) throws(PromptTemplateError) {
        guard !text.isEmpty, text.utf8.count <= Self.maxBytes else {
            throw PromptTemplateError(message: "template must be 1 to \(Self.maxBytes) bytes")
        }
        var seen = Set<Placeholder>()
        for (_, name) in Self.placeholders(in: text) {
            guard let placeholder = Placeholder(rawValue: String(name)) else {
                throw PromptTemplateError(message: "unknown placeholder {{\(name)}}; use {{question}}, {{sources}} "
                                          + "and optionally {{history}}")
            }
            // Each at most once: a template of many {{sources}} would multiply the prompt past any budget.
            guard seen.insert(placeholder).inserted else {
                throw PromptTemplateError(message: "{{\(name)}} may appear only once")
            }
        }
        for required in [Placeholder.question, .sources] where !seen.contains(required) {
            throw PromptTemplateError(message: "template must contain {{\(required.rawValue)}}")
        }
        self.text = text
    }

    /// The template with each placeholder replaced. Values are inserted once, never re-scanned, so a question that
    /// contains `{{sources}}` stays literal text.
    package func render(_ values: [Placeholder: String]) -> String {
        var result = ""
        var cursor = text.startIndex
        for (range, name) in Self.placeholders(in: text) {
            result += text[cursor..<range.lowerBound]
            result += Placeholder(rawValue: String(name)).map { values[$0] ?? "" } ?? String(text[range])
            cursor = range.upperBound
        }
        return result + text[cursor...]
    }

    /// Every `{{name}}` in `text`: where it stands and the name inside.
    private static func placeholders(in text: String) -> [(range: Range<String.Index>, name: Substring)] {
        var found: [(range: Range<String.Index>, name: Substring)] = []
        var rest = text[...]
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            found.append((open.lowerBound..<close.upperBound, rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }
}

package struct PromptTemplateError: Error, Sendable, Equatable {
    package let message: String
}
