/// The comparison form of question words and vocabulary entries: lower case without diacritics, so "ÁLVAREZ",
/// "Alvarez" and "álvarez" (precomposed or with a combining accent) are one word. Latin letters with diacritics map
/// to their base letter through a small table (the stdlib has no decomposition API and Retrieval imports nothing
/// but JSON); other scripts are lower-cased and otherwise kept, so they still match themselves exactly.
enum TextFolding {
    /// Folded `scalars`.
    static func fold<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var result = ""
        for scalar in scalars { append(scalar, to: &result) }
        return result
    }

    /// German names are often typed without umlauts as digraphs ("Mueller" for "Müller"): the second spelling a
    /// name is indexed under; nil when it has no umlaut or ß.
    static func germanTransliteration(of text: String) -> String? {
        var changed = false
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "ä": result += "ae"; changed = true
            case "ö": result += "oe"; changed = true
            case "ü": result += "ue"; changed = true
            case "ß": result += "ss"; changed = true
            default: result.unicodeScalars.append(scalar)
            }
        }
        return changed ? fold(result.unicodeScalars) : nil
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String) {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return  // combining accents: "e\u{301}" folds like "é"
        case .format: return  // zero-width joiners, direction marks
        default: break
        }
        if apostrophes.contains(scalar) {
            result += "'"
            return
        }
        for lowered in properties.lowercaseMapping.unicodeScalars
        where lowered.properties.generalCategory != .nonspacingMark {
            if let base = latinBases[lowered] { result += base } else { result.unicodeScalars.append(lowered) }
        }
    }

    static let apostrophes: Set<Unicode.Scalar> = ["'", "\u{2019}", "\u{2018}", "\u{02BC}"]

    /// Lower-case Latin-1 and Latin Extended-A letters with diacritics → base letters.
    private static let latinBases: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
            ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
            ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"),
            ("ýÿŷ", "y"), ("źżž", "z"),
            ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = base }
        }
        return table
    }()
}
