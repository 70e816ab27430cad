/// What a paragraph style makes of a paragraph, from word/styles.xml (ECMA-376 Part 1 §17.7). Headings are found the
/// way Word's navigation pane finds them: the built-in style names "Title" and "heading 1"…"heading 9" (stored in
/// English whatever the UI language, §17.7.4.9), or an outline level (§17.3.1.20), following `basedOn` chains.
struct DocxStyles {
    /// The structural role of a paragraph.
    enum Role: Equatable {
        case title
        /// Level 1–9.
        case heading(Int)
        case listItem
        case body
    }

    private struct Style {
        var role: Role?
        var basedOn: String?
    }

    /// `basedOn` chains are followed at most this far (they may be cyclic in hostile files).
    private static let maxInheritance = 16
    private var styles: [String: Style] = [:]
    /// The style of paragraphs that name none (`w:default="1"`).
    private(set) var defaultStyle: String?

    /// No styles: every paragraph is body text unless it says otherwise.
    init() {}

    /// The paragraph styles of a `w:styles` root.
    init(_ root: XMLElement) {
        for style in root.elements where style.isNamed("style", in: DocxPartitioner.wordNamespaces) {
            guard style.attribute("type") ?? "paragraph" == "paragraph", let id = style.attribute("styleId") else {
                continue
            }
            let name = style.child("name", in: DocxPartitioner.wordNamespaces)?.attribute("val")
            let properties = style.child("pPr", in: DocxPartitioner.wordNamespaces)
            styles[id] = Style(role: Self.role(name: name, id: id, properties: properties),
                               basedOn: style.child("basedOn", in: DocxPartitioner.wordNamespaces)?.attribute("val"))
            if style.attribute("default") == "1" || style.attribute("default") == "true" { defaultStyle = id }
        }
    }

    /// The role of paragraphs in style `id` (or the default style), following `basedOn`.
    func role(ofStyle id: String?) -> Role {
        var current = id ?? defaultStyle
        for _ in 0..<Self.maxInheritance {
            guard let key = current, let style = styles[key] else { return .body }
            if let role = style.role { return role }
            current = style.basedOn
        }
        return .body
    }

    /// The role a style's own name or properties give, nil when it inherits.
    private static func role(name: String?, id: String, properties: XMLElement?) -> Role? {
        for candidate in [name, id].compactMap({ $0 }) {
            let compact = candidate.lowercased().filter { $0 != " " }
            if compact == "title" { return .title }
            if compact.hasPrefix("heading"), let level = Int(compact.dropFirst(7)), (1...9).contains(level) {
                return .heading(level)
            }
        }
        if let level = properties.flatMap(outlineLevel) { return .heading(level) }
        if properties?.child("numPr", in: DocxPartitioner.wordNamespaces) != nil { return .listItem }
        return nil
    }

    /// The heading level of an outline level in paragraph properties: `w:outlineLvl` 0–8 are levels 1–9; 9 means
    /// body text (§17.3.1.20).
    static func outlineLevel(_ properties: XMLElement) -> Int? {
        guard let value = properties.child("outlineLvl", in: DocxPartitioner.wordNamespaces)?.attribute("val"),
              let level = Int(value), (0...8).contains(level) else { return nil }
        return level + 1
    }
}
