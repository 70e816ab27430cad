import JSON

/// Known values of language and category fields → `metadata.<key>`.
///
/// Values are ordinary words ("Legal", "Finance", "English"), so a value counts only next to its field's cue: a
/// category with one of its nouns ("the finance department", "the department of Finance", "the legal team"), a
/// language after "in" ("in German", "written in French") or before a document noun ("German documents", "the
/// French version", "German-language"). "Is it legal to…", "How many people work in Engineering?" and "the Spanish
/// subsidiary" get no filter. A value with cues for two fields is ambiguous and left alone.
enum ValueMatcher {
    static func mentions(in scan: inout QuestionScan, vocabulary: SelfQuery.Vocabulary) -> [Mention] {
        var mentions: [Mention] = []
        var index = 0
        scanning: while index < scan.tokens.count {
            guard scan.freeWord(index) != nil else {
                index += 1
                continue
            }
            for length in stride(from: min(vocabulary.values.longest, scan.tokens.count - index), through: 1, by: -1) {
                let span = index..<index + length
                guard scan.areFreeWords(span) else { continue }
                guard scan.spendLookup() else { break scanning }
                guard let values = vocabulary.values.keys[scan.key(span)] else { continue }
                let cued = values.compactMap { value in
                    cue(vocabulary.fields[value.field].kind, span, scan).map { (value, $0) }
                }
                guard cued.count == 1, let (value, edit) = cued.first else { continue }
                let field = vocabulary.fields[value.field]
                let claimed = min(edit.tokens.lowerBound, span.lowerBound)..<max(edit.tokens.upperBound,
                                                                                   span.upperBound)
                let filter: JSONValue = ["metadata.\(field.key)": .string(field.values[value.value])]
                let mention = Mention(kind: .value, filter: filter, claimed: claimed, edits: [edit])
                mentions.append(mention)
                scan.claim(mention.claimed)
                index = mention.claimed.upperBound
                continue scanning
            }
            index += 1
        }
        return mentions
    }

    /// The query edit of a cued value, or nil without a cue.
    private static func cue(_ kind: SelfQuery.Vocabulary.Field.Kind, _ span: Range<Int>,
                            _ scan: QuestionScan) -> QueryEdit? {
        switch kind {
        case .person: return nil
        case .category(let nouns):
            return categoryCue(nouns: Set(nouns.map { TextFolding.fold($0.unicodeScalars) }), span, scan)
        case .language: return languageCue(span, scan)
        }
    }

    /// "(in|from|by…) (the) <value> <noun>", "(the) <noun> of (the) <value>".
    private static func categoryCue(nouns: Set<String>, _ span: Range<Int>, _ scan: QuestionScan) -> QueryEdit? {
        var phrase: Range<Int>
        if let noun = scan.word(span.upperBound), nouns.contains(noun) {
            phrase = span.lowerBound..<span.upperBound + 1
        } else {
            var of = span.lowerBound - 1
            if scan.word(of) == "the" { of -= 1 }
            guard scan.word(of) == "of", let noun = scan.word(of - 1), nouns.contains(noun) else { return nil }
            phrase = (of - 1)..<span.upperBound
        }
        let determiner = scan.word(phrase.lowerBound - 1).map(Lexicon.determiners.contains) ?? false
        if determiner { phrase = (phrase.lowerBound - 1)..<phrase.upperBound }
        if let preposition = scan.word(phrase.lowerBound - 1), groupPrepositions.contains(preposition) {
            return QueryEdit(tokens: (phrase.lowerBound - 1)..<scan.throughComma(phrase.upperBound))
        }
        if determiner, let auxiliary = scan.word(phrase.lowerBound - 1), Lexicon.auxiliaries.contains(auxiliary) {
            return QueryEdit(tokens: phrase, replacement: Lexicon.subject(after: auxiliary, singular: "it"))
        }
        // Keep the determiner: "the finance department's budget" → "the budget".
        return QueryEdit(tokens: (determiner ? phrase.lowerBound + 1 : phrase.lowerBound)..<phrase.upperBound)
    }

    /// "(written) in <value>", "<value> documents", "<value>-language".
    private static func languageCue(_ span: Range<Int>, _ scan: QuestionScan) -> QueryEdit? {
        if scan.word(span.lowerBound - 1) == "in" {
            let written = scan.word(span.lowerBound - 2).map(languageParticiples.contains) ?? false
            return QueryEdit(tokens: (span.lowerBound - (written ? 2 : 1))..<span.upperBound)
        }
        guard let next = scan.word(span.upperBound) else { return nil }
        if next == "language" { return QueryEdit(tokens: span.lowerBound..<span.upperBound + 1) }
        return Lexicon.documentNouns.contains(next) ? QueryEdit(tokens: span) : nil
    }

    private static let groupPrepositions: Set<String> = ["in", "from", "by", "for", "of", "within", "at", "across"]
    private static let languageParticiples: Set<String> = ["written", "available", "published"]
}
