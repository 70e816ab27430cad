/// YAML front matter (`---` … `---` or `...` on the first lines, the Jekyll/Hugo/Pandoc convention). Only the simple
/// `key: value` lines ragd cares about are read — title, author(s), description, language, keywords/tags — with
/// quoted values, inline lists (`[a, b]`) and block lists (`- a`) of scalars. Anything else in the block is ignored:
/// this is not a YAML parser and does not need to be one.
struct MarkdownFrontMatter {
    /// Lines searched for the closing delimiter before deciding there is no front matter.
    static let maxLines = 1_000

    /// Values by lowercased key.
    private(set) var values: [String: String] = [:]
    /// How many lines the block occupies, delimiters included (0 when there is none).
    private(set) var lineCount = 0

    /// Reads front matter at the start of `lines`, if any.
    init(_ lines: [Substring]) {
        guard let first = lines.first, MarkdownLine.trimmed(first) == "---", first.first == "-" else { return }
        let searched = lines.prefix(Self.maxLines).dropFirst()
        let closing = searched.firstIndex { MarkdownLine.trimmed($0) == "---" || MarkdownLine.trimmed($0) == "..." }
        guard let close = closing else { return }
        lineCount = close + 1
        var key: String?
        for line in lines[1..<close] {
            let trimmed = MarkdownLine.trimmed(line)
            if trimmed.hasPrefix("- "), let open = key, line.first == " " || line.first == "-" {
                let item = Self.scalar(trimmed.dropFirst(2))
                values[open] = values[open].map { $0.isEmpty ? item : $0 + ", " + item } ?? item
                continue
            }
            guard line.first.map({ !$0.isWhitespace }) == true, let colon = line.firstIndex(of: ":") else { continue }
            let name = MarkdownLine.trimmed(line[..<colon]).lowercased()
            key = name
            values[name] = Self.scalar(line[line.index(after: colon)...])
        }
    }

    /// Copies the recognised keys into `metadata`.
    func apply(to metadata: inout DocumentMetadata) {
        func value(_ keys: String...) -> String? {
            keys.lazy.compactMap { values[$0] }.first { !$0.isEmpty }
        }
        metadata.title = value("title") ?? metadata.title
        metadata.author = value("author", "authors") ?? metadata.author
        metadata.subject = value("description", "summary", "subject") ?? metadata.subject
        metadata.language = value("lang", "language") ?? metadata.language
        metadata.keywords = value("keywords", "tags") ?? metadata.keywords
    }

    /// A scalar value: surrounding quotes removed; an inline list flattened to "a, b".
    private static func scalar(_ raw: Substring) -> String {
        let value = MarkdownLine.trimmed(raw)
        if value.first == "[", value.last == "]" {
            return value.dropFirst().dropLast().split(separator: ",").map(unquoted).joined(separator: ", ")
        }
        return unquoted(value)
    }

    private static func unquoted(_ raw: Substring) -> String {
        let value = MarkdownLine.trimmed(raw)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return String(value)
    }
}
