/// `[n]` citation markers in generated text, and the check that keeps only those pointing at a retrieved source.
package enum CitationMarkers {
    /// A marker: its number and where it sits in the text.
    package struct Found: Equatable {
        package var marker: Int
        package var range: Range<String.Index>
    }

    /// Every `[n]` in `text` (n of 1–4 digits; "[1, 2]" and "[1][2]" both count each number).
    package static func find(in text: String) -> [Found] {
        var found: [Found] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { break }
            let inside = text[text.index(after: open)..<close]
            let parts = inside.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: " ") }
            if !parts.isEmpty, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) {
                for part in parts { found.append(Found(marker: Int(part)!, range: open..<text.index(after: close))) }
                index = text.index(after: close)
            } else {
                index = text.index(after: open)
            }
        }
        return found
    }

    /// The outcome of checking an answer's markers against the sources it was given.
    package struct Check: Equatable {
        /// The text with markers that point at no source removed.
        package var text: String
        package var valid: Int
        package var invalid: Int
        /// valid / (valid + invalid); 1 when the text cites nothing.
        package var accuracy: Double { valid + invalid == 0 ? 1 : Double(valid) / Double(valid + invalid) }
    }

    /// Drops markers whose number is not in `markers` (a model citing a source it was not given).
    package static func check(_ text: String, markers: Set<Int>) -> Check {
        var result = ""
        var valid = 0
        var invalid = 0
        var cursor = text.startIndex
        var groups: [Range<String.Index>: [Int]] = [:]
        var order: [Range<String.Index>] = []
        for found in find(in: text) {
            if groups[found.range] == nil { order.append(found.range) }
            groups[found.range, default: []].append(found.marker)
        }
        for range in order {
            let numbers = groups[range]!
            let kept = numbers.filter(markers.contains)
            valid += kept.count
            invalid += numbers.count - kept.count
            var before = text[cursor..<range.lowerBound]
            if kept.isEmpty, before.last == " " { before = before.dropLast() }
            result += before
            if !kept.isEmpty { result += "[" + kept.map(String.init).joined(separator: ", ") + "]" }
            cursor = range.upperBound
        }
        result += text[cursor...]
        return Check(text: result, valid: valid, invalid: invalid)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

private extension Substring {
    func trimmingCharacters(in character: Character) -> Substring {
        var slice = self
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return slice
    }
}
