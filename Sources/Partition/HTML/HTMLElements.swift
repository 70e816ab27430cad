/// Element categories the HTML reader acts on (the HTML standard §13.1.2 and §13.2.6, reduced to text extraction).
enum HTMLElements {
    /// Elements that never have content or an end tag (§13.1.2).
    static let void: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// Elements whose content is left out: scripts and styles, page furniture (navigation, banners, sidebars, forms),
    /// embedded and interactive content whose text is not prose.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "math",
        "iframe", "object", "canvas", "video", "audio", "map", "select", "button", "textarea", "datalist",
    ]

    /// Foreign elements, where `/>` closes the element (§13.2.6.5).
    static let foreign: Set<String> = ["svg", "math"]

    /// ARIA landmark roles that mark the same furniture as the dropped elements (WAI-ARIA 1.2 landmark roles).
    static let droppedRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search"]

    /// Elements that end the current block of text (flow content laid out as blocks by the UA style sheet, §15.3).
    static let block: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "head", "header", "hgroup", "hr", "html", "legend", "li", "listing", "main", "menu", "nav", "ol", "p",
        "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    ]

    /// Start tags that close an open `p` (§13.2.6.4.7, "close a p element").
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "li", "dd", "dt", "listing", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    ]

    /// Elements an implied end tag never crosses (a simplified "scope" of §13.2.4.2).
    static let scopeBoundaries: Set<String> = ["table", "td", "th", "caption", "button", "template", "html"]

    /// Heading levels by element name.
    static let headingLevels: [String: Int] = ["h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6]

    /// True when the attributes hide the element from readers: `hidden` (§6.1), `aria-hidden="true"`, an inline
    /// style with `display: none` or `visibility: hidden`, or a landmark role for page furniture.
    static func isHidden(_ attributes: [String: String]) -> Bool {
        if attributes["hidden"] != nil || attributes["aria-hidden"]?.lowercased() == "true" { return true }
        if let role = attributes["role"]?.lowercased(), droppedRoles.contains(role) { return true }
        guard let style = attributes["style"]?.lowercased().filter({ !$0.isWhitespace }) else { return false }
        return style.contains("display:none") || style.contains("visibility:hidden")
    }
}
