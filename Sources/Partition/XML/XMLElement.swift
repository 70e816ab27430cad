/// A node of an XML tree: an element or character data (text and CDATA, adjacent runs merged).
package enum XMLNode: Sendable {
    case element(XMLElement)
    case text(String)
}

/// An attribute as written, its prefix split off (`w:val` → prefix `w`, local name `val`).
package struct XMLAttribute: Sendable, Equatable {
    /// The prefix, nil when unprefixed.
    package var prefix: String?
    /// The name after the prefix.
    package var localName: String
    /// The value with character references decoded and whitespace normalized (XML 1.0 §3.3.3).
    package var value: String
}

/// An XML element as `XMLReader` builds it. Names keep their prefix and local part; `namespace` is the URI the prefix
/// (or the default namespace) was bound to, so consumers match on (namespace, local name) whatever prefix a producer
/// chose (Namespaces in XML 1.0 §6).
package struct XMLElement: Sendable {
    /// The prefix, nil when unprefixed.
    package var prefix: String?
    /// The name after the prefix.
    package var localName: String
    /// The namespace URI in scope for the element's prefix, nil when none is bound.
    package var namespace: String?
    /// The attributes other than namespace declarations, in document order.
    package var attributes: [XMLAttribute]
    /// Child elements and text, in document order.
    package var children: [XMLNode]

    /// Creates an element.
    package init(prefix: String?, localName: String, namespace: String?, attributes: [XMLAttribute] = [],
                 children: [XMLNode] = []) {
        self.prefix = prefix
        self.localName = localName
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
    }

    /// The value of the first attribute whose local name is `localName` (OOXML qualifies its attributes, `w:val`, but
    /// never repeats a local name on one element).
    package func attribute(_ localName: String) -> String? {
        attributes.first { $0.localName == localName }?.value
    }

    /// The child elements, in order.
    package var elements: [XMLElement] {
        children.compactMap { node in
            if case .element(let element) = node { return element }
            return nil
        }
    }

    /// True when the element is `localName` in one of `namespaces`.
    package func isNamed(_ localName: String, in namespaces: Set<String>) -> Bool {
        self.localName == localName && namespaces.contains(namespace ?? "")
    }

    /// The first child element named `localName` in one of `namespaces`.
    package func child(_ localName: String, in namespaces: Set<String>) -> XMLElement? {
        for case .element(let element) in children where element.isNamed(localName, in: namespaces) {
            return element
        }
        return nil
    }

    /// All character data below the element, concatenated in document order. Recursion is bounded by the reader's
    /// nesting limit.
    package var textContent: String {
        var text = ""
        appendText(to: &text)
        return text
    }

    private func appendText(to text: inout String) {
        for child in children {
            switch child {
            case .text(let value): text += value
            case .element(let element): element.appendText(to: &text)
            }
        }
    }
}
