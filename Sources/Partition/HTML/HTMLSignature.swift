/// Recognises HTML by its start, as the WHATWG MIME Sniffing standard (§7.1, "identifying a resource with an
/// unknown MIME type") does: after whitespace, comments and an XML declaration, `<!DOCTYPE HTML`, `<html`, or one of
/// the common tags, case-insensitively, followed by a space or `>`.
enum HTMLSignature {
    /// Tags that start HTML documents and fragments (the standard's list plus frequent fragment roots).
    private static let tags: Set<String> = [
        "html", "head", "body", "script", "iframe", "h1", "h2", "h3", "h4", "h5", "h6", "div", "font", "table",
        "a", "style", "title", "b", "br", "p", "meta", "link", "span", "section", "article", "main", "ul", "ol",
        "li", "pre", "blockquote", "img", "em", "strong", "header", "nav", "footer", "form",
    ]
    /// Leading comments skipped before giving up.
    private static let maxLeadingComments = 16

    /// True when `text` starts like an HTML document or fragment.
    static func matches(_ text: String) -> Bool {
        var rest = Substring(text)
        for _ in 0..<maxLeadingComments {
            rest = rest.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
            if rest.hasPrefix("<!--") {
                guard let end = rest.firstRange(of: "-->") else { return false }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<?xml") {
                guard let end = rest.firstRange(of: "?>") else { return false }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        let head = rest.prefix(32).lowercased()
        if head.hasPrefix("<!doctype html") { return true }
        guard head.hasPrefix("<") else { return false }
        let name = head.dropFirst().prefix { $0.isLetter || $0.isNumber }
        guard let after = head.dropFirst(1 + name.count).first else { return false }
        return tags.contains(String(name)) && (after.isWhitespace || after == ">" || after == "/")
    }
}
