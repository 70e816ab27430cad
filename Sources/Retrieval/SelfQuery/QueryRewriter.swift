/// The question for search once its filter phrases are gone: each edit's words are cut (or replaced by a pronoun),
/// then spacing and punctuation the cuts left behind are tidied ("What did they write about attention ?" → "… ?"
/// without the space; a leading ", " goes), and the first letter keeps the question's capital. A question that was
/// nothing but filters ("Papers by Wei Zhang from 2019" can leave "Papers") still keeps what remains; one left with
/// no letter or digit at all is searched as it was asked.
enum QueryRewriter {
    static func rewrite(_ scalars: [Unicode.Scalar], tokens: [QuestionToken], edits: [QueryEdit]) -> String {
        let original = String(String.UnicodeScalarView(scalars))
        guard !edits.isEmpty else { return original }
        var text = String.UnicodeScalarView()
        var cursor = 0
        for edit in edits.sorted(by: { $0.tokens.lowerBound < $1.tokens.lowerBound }) where !edit.tokens.isEmpty {
            let start = tokens[edit.tokens.lowerBound].range.lowerBound
            guard start >= cursor else { continue }  // overlaps an earlier edit
            text.append(contentsOf: scalars[cursor..<start])
            text.append(contentsOf: " \(edit.replacement) ".unicodeScalars)
            cursor = tokens[edit.tokens.upperBound - 1].range.upperBound
        }
        text.append(contentsOf: scalars[cursor...])
        let capitalize = original.first { $0.isLetter }?.isUppercase ?? false
        let tidied = tidy(String(text), capitalize: capitalize)
        return tidied.contains { $0.isLetter || $0.isNumber } ? tidied : original
    }

    private static let closers: Set<Character> = [",", ".", "?", "!", ";", ":", ")"]

    private static func tidy(_ text: String, capitalize: Bool) -> String {
        var characters: [Character] = []
        for character in text {
            if character.isWhitespace {
                if let last = characters.last, last != " " { characters.append(" ") }
                continue
            }
            if closers.contains(character) {
                while characters.last == " " { characters.removeLast() }
                let dangling = characters.isEmpty || characters.last.map(closers.contains) == true
                if character == ",", dangling { continue }
                if character != ",", characters.last == "," { characters.removeLast() }
            }
            characters.append(character)
        }
        while let first = characters.first, first == " " || first == "," || first == ";" || first == ":" {
            characters.removeFirst()
        }
        while let last = characters.last, last == " " || last == "," { characters.removeLast() }
        if capitalize, let first = characters.first, first.isLowercase {
            characters[0] = Character(first.uppercased())
        }
        return String(characters)
    }
}
