import JSON

/// Self-query: metadata filters read out of a natural-language question, so "What did Zhang write about attention in
/// 2019?" searches only Wei Zhang's 2019 documents, for "attention".
///
/// Rule-based and deterministic — no model: the question is tokenized once, then matchers claim the words they
/// recognize against the knowledge base's `Vocabulary` (documents by title or file name, people, other known metadata
/// values, dates). Every value comes from the vocabulary (dates and years excepted), and a mention that could mean
/// more than one thing (two authors named Smith, a bare "policy") is left alone: a missing filter costs a little
/// precision, a wrong one hides the answer.
package enum SelfQuery {
    /// Bounds on the work done for one question; a hostile question costs at most this much.
    package struct Options: Sendable {
        /// Only the start of a longer question is read (the rest is passed on to the query unchanged).
        package var maxScalars = 2_000
        /// Tokens (words and symbols) looked at, within `maxScalars`.
        package var maxTokens = 400
        /// Dictionary look-ups of candidate n-grams (titles, names, values), over all matchers.
        package var maxLookups = 4_096
        /// A document mention matching more documents than this is too vague to filter by.
        package var maxDocumentsPerMention = 5
        /// Years a number may be read as; anything else is just a number.
        package var years: ClosedRange<Int> = 1900...2099
        /// "recent", "latest": how many months back they reach; nil (the default) ignores them, because "the most
        /// recent changes" asks to rank new things first, not to hide everything older than an arbitrary cut-off.
        package var recentMonths: Int?

        /// The defaults above.
        package init() {}
    }

    /// What a question yields: filters for the search, the question to search with, and how each was recognized.
    package struct Extraction: Sendable {
        /// An object in the language of `SearchFilter.parse` (possibly empty).
        package var filters: JSONValue
        /// The question with the phrases that became filters removed ("in 2019", "by Wei Zhang") or replaced by a
        /// pronoun ("What did they write…"), so they do not pull lexical or dense search towards themselves.
        package var query: String
        /// One entry per recognized mention, in the order they were applied, for `explain`.
        package var conditions: [Condition]
    }

    /// A recognized mention: the filter members it contributes and the words they came from.
    package struct Condition: Sendable, Equatable {
        /// What kind of mention it was.
        package enum Kind: String, Sendable {
            case document, person, value, date
        }

        package var kind: Kind
        /// The filter members it contributes, e.g. `{"metadata.author": "Wei Zhang"}`.
        package var filter: JSONValue
        /// The words of the question it was read from, as written.
        package var words: String
        /// Where those words are, in Unicode scalars of the question.
        package var range: Range<Int>

        /// Creates a condition.
        package init(kind: Kind, filter: JSONValue, words: String, range: Range<Int>) {
            self.kind = kind
            self.filter = filter
            self.words = words
            self.range = range
        }
    }

    /// Filters, search query and recognized conditions for `question` over `vocabulary`.
    package static func extract(_ question: String, vocabulary: Vocabulary,
                                options: Options = Options()) -> Extraction {
        let scalars = Array(question.unicodeScalars)
        let head = Array(scalars.prefix(options.maxScalars))
        var scan = QuestionScan(scalars: head, options: options)
        // Order matters where phrases overlap: a title or file name ("Annual Report 2023", "report-2023.pdf") is
        // claimed before its year can be read as a date; names before values; dates last.
        var mentions = DocumentMatcher.mentions(in: &scan, vocabulary: vocabulary)
        mentions += PersonMatcher.mentions(in: &scan, vocabulary: vocabulary)
        mentions += ValueMatcher.mentions(in: &scan, vocabulary: vocabulary)
        mentions += DateMatcher.mentions(in: &scan, vocabulary: vocabulary)
        let conditions = mentions.map { mention in
            Condition(kind: mention.kind, filter: mention.filter, words: scan.text(ofTokens: mention.claimed),
                      range: scan.scalarRange(ofTokens: mention.claimed))
        }
        var query = QueryRewriter.rewrite(head, tokens: scan.tokens, edits: mentions.flatMap(\.edits))
        if scalars.count > head.count {
            // The unread tail follows unchanged, still separated from the head if the cap fell on a space.
            if head.last?.properties.isWhitespace == true, !query.isEmpty { query += " " }
            query += String(String.UnicodeScalarView(scalars[head.count...]))
        }
        return Extraction(filters: FilterMerger.merge(conditions.map(\.filter)), query: query, conditions: conditions)
    }
}

/// One matcher's finding: the tokens it claimed, the filter it implies and how the query text changes.
struct Mention {
    var kind: SelfQuery.Condition.Kind
    var filter: JSONValue
    /// The tokens it was read from (the matcher claims them, so no other matcher reads them again).
    var claimed: Range<Int>
    var edits: [QueryEdit] = []
}

/// Joins the members of several conditions into one filter object: a key given twice (two document mentions, "by
/// Zhang … according to Patel") becomes the list of both values — conditions on one key are alternatives in a
/// question, while different keys all apply.
enum FilterMerger {
    static func merge(_ fragments: [JSONValue]) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for fragment in fragments {
            for (key, value) in fragment.members ?? [] {
                guard let position = members.firstIndex(where: { $0.key == key }) else {
                    members.append((key, value))
                    continue
                }
                members[position].value = union(members[position].value, value)
            }
        }
        return .object(members)
    }

    private static func union(_ a: JSONValue, _ b: JSONValue) -> JSONValue {
        func list(_ value: JSONValue) -> [JSONValue] {
            if case .array(let values) = value { return values }
            return [value]
        }
        var values = list(a)
        for value in list(b) where !values.contains(value) { values.append(value) }
        return values.count == 1 ? values[0] : .array(values)
    }
}
