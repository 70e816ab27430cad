/// Documents by the word sequences that can name them, each key being folded words joined by spaces (the form
/// `QuestionScan.key` builds from the question), so matching a question costs one dictionary look-up per n-gram.
struct TitleIndex: Sendable {
    /// How well a span names a document; a better level wins over a worse one for the same words.
    enum Level: Int, Comparable, Sendable {
        /// Only the title's last word, a document noun ("handbook" of "Employee Handbook").
        case head
        /// Two or more consecutive title words with at least one distinctive word ("security policy").
        case partial
        /// The whole title.
        case full
        /// The file name, with its extension, or a stem too odd to be a word ("report-2023").
        case file

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Entry: Sendable {
        var document: Int
        var level: Level
    }

    /// Titles are indexed by their first `maxTitleWords` words only, bounding memory and look-ups per position.
    static let maxTitleWords = 12
    /// Words that do not identify a title on their own.
    static let genericWords: Set<String> = Lexicon.documentNouns.union(Lexicon.minorWords)
        .union(["new", "general", "final", "draft", "official", "internal", "company", "our"])

    private(set) var spans: [String: [Entry]] = [:]
    /// Each document's folded title words (empty without a title).
    private(set) var titleWords: [[String]] = []
    /// The most words any key has.
    private(set) var longest = 1

    init(_ documents: [SelfQuery.Vocabulary.Document]) {
        for (index, document) in documents.enumerated() {
            let words = document.title.map { QuestionTokenizer.words(of: $0, limit: Self.maxTitleWords) } ?? []
            titleWords.append(words)
            indexTitle(words, document: index)
            if let filename = document.filename { indexFile(filename, document: index) }
        }
    }

    /// The entries of `key`, best level first, only those of that level.
    func best(_ key: String) -> (level: Level, documents: [Int])? {
        guard let entries = spans[key], let level = entries.map(\.level).max() else { return nil }
        var documents: [Int] = []
        for entry in entries where entry.level == level && !documents.contains(entry.document) {
            documents.append(entry.document)
        }
        return (level, documents)
    }

    private mutating func indexTitle(_ words: [String], document: Int) {
        guard !words.isEmpty else { return }
        add(words.joined(separator: " "), Entry(document: document, level: .full), words: words.count)
        if words.count >= 2, Lexicon.documentNouns.contains(words[words.count - 1]) {
            add(words[words.count - 1], Entry(document: document, level: .head), words: 1)
        }
        for length in stride(from: words.count - 1, through: 2, by: -1) {
            for start in 0...(words.count - length) {
                let span = words[start..<start + length]
                guard span.contains(where: { !Self.genericWords.contains($0) }) else { continue }
                add(span.joined(separator: " "), Entry(document: document, level: .partial), words: length)
            }
        }
    }

    private mutating func indexFile(_ filename: String, document: Int) {
        let words = QuestionTokenizer.words(of: filename, limit: Self.maxTitleWords)
        guard !words.isEmpty else { return }
        add(words.joined(separator: " "), Entry(document: document, level: .file), words: words.count)
        // The stem alone ("report-2023" for report-2023.pdf) when it is one word with a digit or an underscore:
        // such a word is not English, so naming it means the file.
        guard let dot = filename.lastIndex(of: "."), dot != filename.startIndex else { return }
        let stem = QuestionTokenizer.words(of: String(filename[..<dot]), limit: 2)
        if stem.count == 1, stem[0].contains(where: { $0.isNumber || $0 == "_" }) {
            add(stem[0], Entry(document: document, level: .file), words: 1)
        }
    }

    private mutating func add(_ key: String, _ entry: Entry, words: Int) {
        spans[key, default: []].append(entry)
        longest = max(longest, words)
    }
}

/// People by the ways a question writes them: the full name, initial and last name ("J. Smith"), the last name
/// alone — each also in German transliteration ("Mueller" for "Müller").
struct NameIndex: Sendable {
    enum Form: Int, Comparable, Sendable {
        case last, initialed, full
        static func < (lhs: Form, rhs: Form) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Person: Hashable, Sendable {
        var field: Int
        var value: Int
    }

    private(set) var keys: [String: [(form: Form, person: Person)]] = [:]
    private(set) var longest = 1

    init(_ fields: [SelfQuery.Vocabulary.Field]) {
        for (fieldIndex, field) in fields.enumerated() where field.kind == .person {
            for (valueIndex, value) in field.values.enumerated() {
                let person = Person(field: fieldIndex, value: valueIndex)
                index(QuestionTokenizer.words(of: value, limit: 8), person)
                if let german = TextFolding.germanTransliteration(of: value) {
                    index(QuestionTokenizer.words(of: german, limit: 8), person)
                }
            }
        }
    }

    /// The people `key` names in its best form.
    func people(_ key: String) -> (form: Form, people: [Person])? {
        guard let entries = keys[key], let form = entries.map(\.form).max() else { return nil }
        var people: [Person] = []
        for entry in entries where entry.form == form && !people.contains(entry.person) { people.append(entry.person) }
        return (form, people)
    }

    private mutating func index(_ words: [String], _ person: Person) {
        guard let first = words.first, let last = words.last else { return }
        add(words.joined(separator: " "), .full, person, words: words.count)
        guard words.count >= 2 else { return }
        add(last, .last, person, words: 1)
        add("\(first.prefix(1)) \(last)", .initialed, person, words: 2)
        if words.count >= 3 { add("\(first) \(last)", .full, person, words: 2) }  // without the middle name
    }

    private mutating func add(_ key: String, _ form: Form, _ person: Person, words: Int) {
        keys[key, default: []].append((form, person))
        longest = max(longest, words)
    }
}

/// Values of language and category fields by their folded words.
struct ValueIndex: Sendable {
    struct Value: Hashable, Sendable {
        var field: Int
        var value: Int
    }

    private(set) var keys: [String: [Value]] = [:]
    private(set) var longest = 1

    init(_ fields: [SelfQuery.Vocabulary.Field]) {
        for (fieldIndex, field) in fields.enumerated() where field.kind != .person {
            for (valueIndex, value) in field.values.enumerated() {
                let words = QuestionTokenizer.words(of: value, limit: 8)
                guard !words.isEmpty else { continue }
                keys[words.joined(separator: " "), default: []].append(Value(field: fieldIndex, value: valueIndex))
                longest = max(longest, words.count)
            }
        }
    }
}
