extension SelfQuery {
    /// What a knowledge base knows, given by the caller: its documents, the known values of its metadata keys, where
    /// a document's date lives, and today's date. Building one indexes every title, name and value (it costs about
    /// as much as reading them), so build it once per knowledge base and reuse it for every question.
    package struct Vocabulary: Sendable {
        /// A document a question may name by title or file name.
        package struct Document: Sendable {
            package var id: String
            package var title: String?
            package var filename: String?

            package init(id: String, title: String?, filename: String?) {
                self.id = id
                self.title = title
                self.filename = filename
            }
        }

        /// A metadata key and the values its documents have.
        package struct Field: Sendable {
            /// How a question refers to the field's values, which decides the cue that must be present.
            package enum Kind: Sendable, Equatable {
                /// People ("author"): "by X", "according to X", "X's papers", "what did X write".
                case person
                /// Languages: "in German", "German documents".
                case language
                /// Anything else, named together with one of `nouns`: "the finance department", "the legal team".
                case category(nouns: [String])
            }

            package var key: String
            package var values: [String]
            package var kind: Kind

            package init(key: String, values: [String], kind: Kind) {
                self.key = key
                self.values = values
                self.kind = kind
            }

            /// A field whose kind follows from its key: author-like keys hold people, language-like keys languages,
            /// and any other key is a category named by the key itself ("department" → "the finance department").
            package init(key: String, values: [String]) {
                let lowered = key.lowercased()
                let kind: Kind
                if ["author", "authors", "creator", "creators", "writer", "speaker", "owner"].contains(lowered) {
                    kind = .person
                } else if ["language", "languages", "lang", "locale"].contains(lowered) {
                    kind = .language
                } else {
                    let noun = lowered.replacingUnderscores
                    kind = .category(nouns: [noun, noun + "s"])
                }
                self.init(key: key, values: values, kind: kind)
            }
        }

        /// How the date key's values are written.
        package enum DateValues: Sendable {
            /// ISO 8601 strings ("2021-03-15", "2021-03-15T10:00:00Z"), which order as strings.
            case isoDate
            /// Years as numbers (2021).
            case year
        }

        package let documents: [Document]
        package let fields: [Field]
        /// The metadata key holding a document's own date; nil: dates in questions give no filter.
        package let dateKey: String?
        package let dateValues: DateValues
        /// What "this year", "last month" and "the past 3 years" count from.
        package let today: Day

        let titles: TitleIndex
        let names: NameIndex
        let values: ValueIndex

        package init(documents: [Document], fields: [Field], dateKey: String? = nil, dateValues: DateValues = .isoDate,
                     today: Day) {
            self.documents = documents
            self.fields = fields
            self.dateKey = dateKey
            self.dateValues = dateValues
            self.today = today
            titles = TitleIndex(documents)
            names = NameIndex(fields)
            values = ValueIndex(fields)
        }
    }
}

extension String {
    fileprivate var replacingUnderscores: String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
