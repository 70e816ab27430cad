import JSON

/// People named as authors → `metadata.<person key>`.
///
/// A known name (in full, "J. Smith", or the last name alone, capitalized) counts only with a cue that makes the
/// person the source: "by X" ("written by X"), "according to X", "from <full name>", "X's papers" (a possessive
/// before a work noun — "X's phone number" is about X), or X as the subject of a saying verb ("what did X write").
/// "Who is Wei Zhang?" names a topic, not an author, and gets no filter. Names joined by "and", "or" or commas
/// after one cue ("by Smith and Zhang") are one mention listing them all. A name that fits several people (two
/// Smiths) makes the whole mention ambiguous: a person is one person, so guessing would hide the right one.
enum PersonMatcher {
    static func mentions(in scan: inout QuestionScan, vocabulary: SelfQuery.Vocabulary) -> [Mention] {
        var mentions: [Mention] = []
        var index = 0
        while index < scan.tokens.count {
            guard scan.freeWord(index) != nil, let first = name(at: index, &scan, vocabulary) else {
                index += 1
                continue
            }
            var names = [first]
            while let next = listContinuation(after: names[names.count - 1].span.upperBound, scan),
                  let another = name(at: next, &scan, vocabulary) {
                names.append(another)
            }
            guard let mention = resolve(names, scan, vocabulary) else {
                index = names[names.count - 1].span.upperBound
                continue
            }
            mentions.append(mention)
            scan.claim(mention.claimed)
            index = mention.claimed.upperBound
        }
        return mentions
    }

    private struct Candidate {
        var span: Range<Int>
        var people: [NameIndex.Person]
    }

    /// The longest name starting at `index`.
    private static func name(at index: Int, _ scan: inout QuestionScan,
                             _ vocabulary: SelfQuery.Vocabulary) -> Candidate? {
        for length in stride(from: min(vocabulary.names.longest, 4, scan.tokens.count - index), through: 1, by: -1) {
            let span = index..<index + length
            guard scan.areFreeWords(span), scan.spendLookup(), let match = vocabulary.names.people(scan.key(span))
            else { continue }
            // A one-word name ("Smith", "Young") is also an ordinary word; only its capital says it is a name.
            if length == 1, !scan.tokens[index].isCapitalized, !scan.isAllLowercase { continue }
            return Candidate(span: span, people: match.people)
        }
        return nil
    }

    /// Where the next name of a list would start after `end` (", ", " and ", ", and "), or nil.
    private static func listContinuation(after end: Int, _ scan: QuestionScan) -> Int? {
        var next = end
        if scan.isSymbol(next, [","]) { next += 1 }
        if let word = scan.freeWord(next), word == "and" || word == "or" { next += 1 }
        return next > end ? next : nil
    }

    private static func resolve(_ names: [Candidate], _ scan: QuestionScan,
                                _ vocabulary: SelfQuery.Vocabulary) -> Mention? {
        guard names.allSatisfy({ $0.people.count == 1 }) else { return nil }
        let start = names[0].span.lowerBound
        let end = names[names.count - 1].span.upperBound
        let nameStart = honorificStart(before: start, scan)
        let before = nameStart - 1
        let edit: QueryEdit
        if scan.word(before) == "by" {
            let participle = scan.word(before - 1).map(Lexicon.authorshipParticiples.contains) ?? false
            edit = QueryEdit(tokens: (participle ? before - 1 : before)..<end)
        } else if scan.word(before) == "to", scan.word(before - 1) == "according" {
            edit = QueryEdit(tokens: (before - 1)..<scan.throughComma(end))
        } else if scan.word(before) == "from", names.allSatisfy({ $0.span.count > 1 }) {
            edit = QueryEdit(tokens: before..<end)
        } else if scan.tokens[end - 1].isPossessive, worksFollow(end, scan) {
            edit = QueryEdit(tokens: nameStart..<end, replacement: "the")
        } else if !scan.tokens[end - 1].isPossessive, let verb = scan.word(end), Lexicon.sayingVerbs.contains(verb) {
            edit = QueryEdit(tokens: nameStart..<end,
                             replacement: Lexicon.subject(after: scan.word(nameStart - 1), singular: "the author"))
        } else {
            return nil
        }
        let filter = FilterMerger.merge(names.map { name -> JSONValue in
            let field = vocabulary.fields[name.people[0].field]
            return ["metadata.\(field.key)": .string(field.values[name.people[0].value])]
        })
        return Mention(kind: .person, filter: filter,
                       claimed: min(edit.tokens.lowerBound, nameStart)..<max(edit.tokens.upperBound, end),
                       edits: [edit])
    }

    /// The start of "Dr." / "Prof" right before a name, or the name's own start.
    private static func honorificStart(before start: Int, _ scan: QuestionScan) -> Int {
        var index = start - 1
        if scan.isSymbol(index, ["."]) { index -= 1 }
        if let word = scan.word(index), Lexicon.honorifics.contains(word) { return index }
        return start
    }

    /// "… 's papers", "… 's 2021 paper".
    private static func worksFollow(_ end: Int, _ scan: QuestionScan) -> Bool {
        guard let next = scan.word(end) else { return false }
        if Lexicon.workNouns.contains(next) { return true }
        let isYear = next.count == 4 && next.allSatisfy(\.isASCIIDigit)
        return isYear && (scan.word(end + 1).map(Lexicon.workNouns.contains) ?? false)
    }
}
