/// A document's language when it does not declare one: the writing system for scripts that belong to one language
/// (or a few, reported as the main one), else the language whose most common words make up most of a sample of the
/// text. Short or mixed samples give nil rather than a guess; the result is a BCP 47 primary tag ("en", "de").
///
/// Function words are what separates Latin-script languages cheaply and reliably on a few hundred words, without a
/// model: "the/of/and" in English, "der/und/die" in German. A language needs a clear lead over the runner-up.
package enum LanguageGuess {
    /// Words sampled from the start of the text; enough for a stable vote, cheap on a 1,000-page PDF.
    static let sampleWords = 600
    /// Fewer words than this, or fewer function-word hits, and the guess is nil.
    static let minimumWords = 20
    static let minimumHits = 5

    package static func language(of text: String) -> String? {
        var words: [Substring] = []
        var scripts: [Script: Int] = [:]
        var letters = 0
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex, words.count < sampleWords {
            let character = text[index]
            if character.isLetter {
                if start == nil { start = index }
                letters += 1
                if let script = Script(character) { scripts[script, default: 0] += 1 }
            } else if let begun = start {
                words.append(text[begun..<index])
                start = nil
            }
            index = text.index(after: index)
        }
        if let begun = start, words.count < sampleWords { words.append(text[begun..<index]) }
        // Japanese mixes kanji (Han) with kana; a tenth of kana is already unmistakable.
        if letters > 0, (scripts[.kana] ?? 0) * 10 >= letters { return Script.kana.language }
        if letters > 0, let (script, count) = scripts.max(by: { $0.value < $1.value }), count * 2 > letters {
            return script.language
        }
        guard words.count >= minimumWords else { return nil }
        var hits: [String: Int] = [:]
        for word in words {
            for language in functionWords[word.lowercased()] ?? [] { hits[language, default: 0] += 1 }
        }
        let ranked = hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let best = ranked.first, best.value >= minimumHits else { return nil }
        let runnerUp = ranked.dropFirst().first?.value ?? 0
        return best.value * 2 >= runnerUp * 3 ? best.key : nil
    }

    /// Scripts that name their language. Latin and Cyrillic do not (Cyrillic is reported as Russian only when
    /// function words agree — see `functionWords`).
    enum Script: Hashable {
        case han, kana, hangul, arabic, hebrew, greek, thai, devanagari, georgian, armenian

        init?(_ character: Character) {
            guard let scalar = character.unicodeScalars.first?.value else { return nil }
            switch scalar {
            case 0x3040...0x30FF, 0x31F0...0x31FF: self = .kana
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF: self = .han
            case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: self = .hangul
            case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
            case 0x0590...0x05FF: self = .hebrew
            case 0x0370...0x03FF, 0x1F00...0x1FFF: self = .greek
            case 0x0E00...0x0E7F: self = .thai
            case 0x0900...0x097F: self = .devanagari
            case 0x10A0...0x10FF: self = .georgian
            case 0x0530...0x058F: self = .armenian
            default: return nil
            }
        }

        var language: String {
            switch self {
            case .han: "zh"
            case .kana: "ja"
            case .hangul: "ko"
            case .arabic: "ar"
            case .hebrew: "he"
            case .greek: "el"
            case .thai: "th"
            case .devanagari: "hi"
            case .georgian: "ka"
            case .armenian: "hy"
            }
        }
    }

    /// The most frequent function words of each language (lower case). A word in several lists counts for each.
    static let functionWords: [String: [String]] = {
        let lists: [(String, String)] = [
            ("en", "the of and to in is that for it with as was on are be by this at from or an have not which but"),
            ("de", "der die und das ist nicht zu den von mit sich des auf für im dem ein eine als auch es an wird aus"),
            ("fr", "le la les de des et est un une du que dans pour qui en pas sur au avec par sont ce il elle ne"),
            ("es", "el la los las de del y que en un una es por con para se no al lo como más su pero sus fue"),
            ("it", "il la di che e è per un una del della non con sono le gli si da nel alla anche come ma più"),
            ("pt", "o a os as de do da que e em um uma para com não se por mais na no dos das ao é foi"),
            ("nl", "de het een en van in is dat op te zijn voor met niet aan er die ook als bij door wordt"),
            ("sv", "och att det som en är på av för med till den har inte om ett var jag men från"),
            ("da", "og at det som en er på af for med til den har ikke om et var jeg men fra de"),
            ("pl", "i w na z że nie się do jest to jak o po dla od przez oraz są czy ale tak"),
            ("ru", "и в не на что с по как это он к но из у за от то же для был она так"),
            ("tr", "ve bir bu da de için ile olarak daha çok gibi olan en ama ne kadar sonra her"),
        ]
        var table: [String: [String]] = [:]
        for (language, words) in lists {
            for word in words.split(separator: " ") { table[String(word), default: []].append(language) }
        }
        return table
    }()
}
