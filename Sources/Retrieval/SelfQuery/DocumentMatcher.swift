import JSON

/// Documents named by file name or title → `document_id`.
///
/// A file name ("report-2023.pdf") names its file wherever it appears. A title must also be *used* as a name,
/// because titles are made of ordinary words ("Remote Work", "Travel Policy"): it is quoted, written in title case,
/// introduced as a source ("in the …", "according to the …"), the subject of a saying verb ("the onboarding guide
/// says"), or a determiner plus a document noun ("the travel policy", "the remote work policy"). A part of a title
/// needs the same cues minus capitals, and a lone head noun ("the handbook says") only counts when every document it
/// fits has the same title (versions of one handbook). When several documents fit equally, all are listed (up to
/// `maxDocumentsPerMention`), unless an adjacent year picks one of them ("the 2023 annual report").
enum DocumentMatcher {
    static func mentions(in scan: inout QuestionScan, vocabulary: SelfQuery.Vocabulary) -> [Mention] {
        var mentions: [Mention] = []
        var start = 0
        scanning: while start < scan.tokens.count {
            guard scan.freeWord(start) != nil else {
                start += 1
                continue
            }
            // Longest span first: "Annual Report 2023" before "Annual Report".
            for length in stride(from: min(vocabulary.titles.longest, scan.tokens.count - start), through: 1, by: -1) {
                let span = start..<start + length
                guard scan.areFreeWords(span) else { continue }
                guard scan.spendLookup() else { break scanning }
                guard let match = vocabulary.titles.best(scan.key(span)),
                      let mention = resolve(span, match.level, match.documents, scan: scan, vocabulary: vocabulary)
                else { continue }
                mentions.append(mention)
                scan.claim(mention.claimed)
                start = mention.claimed.upperBound
                continue scanning
            }
            start += 1
        }
        return mentions
    }

    private static func resolve(_ matched: Range<Int>, _ level: TitleIndex.Level, _ candidates: [Int],
                                scan: QuestionScan, vocabulary: SelfQuery.Vocabulary) -> Mention? {
        var span = matched
        var documents = candidates
        if documents.count > 1, level < .full,
           let (year, chosen) = disambiguatingYear(span, documents, scan, vocabulary) {
            span = min(span.lowerBound, year)..<max(span.upperBound, year + 1)
            documents = [chosen]
        }
        let cues = Cues(span, scan)
        switch level {
        case .file: break
        case .full:
            let named = cues.determiner != nil && (cues.endsWithDocumentNoun || cues.documentNounFollows)
            guard cues.quoted || cues.titleCased || cues.saying || cues.source != nil || named else { return nil }
        case .partial:
            let named = cues.determiner != nil && cues.endsWithDocumentNoun
            guard cues.quoted || cues.saying || cues.source != nil || named else { return nil }
        case .head:
            let titles = Set(documents.map { vocabulary.titles.titleWords[$0] })
            guard cues.determiner != nil, cues.saying || cues.source != nil, titles.count == 1 else { return nil }
        }
        guard documents.count <= scan.options.maxDocumentsPerMention else { return nil }
        let ids = documents.map { JSONValue.string(vocabulary.documents[$0].id) }
        let phraseStart = cues.determiner ?? span.lowerBound
        var edit: QueryEdit?
        if let source = cues.source {
            edit = QueryEdit(tokens: source..<scan.throughComma(span.upperBound))
        } else if cues.saying {
            edit = QueryEdit(tokens: phraseStart..<span.upperBound, replacement: "it")
        }
        let claimedStart = min(edit?.tokens.lowerBound ?? phraseStart, phraseStart)
        return Mention(kind: .document, filter: ["document_id": ids.count == 1 ? ids[0] : .array(ids)],
                       claimed: claimedStart..<span.upperBound, edits: edit.map { [$0] } ?? [])
    }

    /// A free year right before or after the span that appears in exactly one candidate's title.
    private static func disambiguatingYear(_ span: Range<Int>, _ documents: [Int], _ scan: QuestionScan,
                                           _ vocabulary: SelfQuery.Vocabulary) -> (Int, Int)? {
        for index in [span.upperBound, span.lowerBound - 1] {
            guard let word = scan.freeWord(index), word.count == 4, word.allSatisfy(\.isASCIIDigit) else { continue }
            let containing = documents.filter { vocabulary.titles.titleWords[$0].contains(word) }
            if containing.count == 1 { return (index, containing[0]) }
        }
        return nil
    }

    /// What surrounds a candidate span.
    private struct Cues {
        /// The determiner's token right before the span ("the").
        var determiner: Int?
        /// Where a source phrase ("in the", "according to") starts.
        var source: Int?
        var saying = false
        var quoted = false
        var titleCased = false
        var endsWithDocumentNoun = false
        var documentNounFollows = false

        init(_ span: Range<Int>, _ scan: QuestionScan) {
            let before = span.lowerBound - 1
            if let word = scan.word(before), Lexicon.determiners.contains(word) { determiner = before }
            source = scan.sourceCue(before: determiner ?? span.lowerBound)
            saying = scan.word(span.upperBound).map(Lexicon.sayingVerbs.contains) ?? false
            quoted = scan.isSymbol(before, Lexicon.quotes) && scan.isSymbol(span.upperBound, Lexicon.quotes)
            endsWithDocumentNoun = scan.word(span.upperBound - 1).map(Lexicon.documentNouns.contains) ?? false
            documentNounFollows = scan.word(span.upperBound).map(Lexicon.documentNouns.contains) ?? false
            titleCased = !scan.isTitleCased && span.allSatisfy { index in
                let token = scan.tokens[index]
                return token.isCapitalized || token.hasDigit || Lexicon.minorWords.contains(token.folded)
            } && span.contains { scan.tokens[$0].isCapitalized && !($0 == span.lowerBound && scan.isSentenceStart($0)) }
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
