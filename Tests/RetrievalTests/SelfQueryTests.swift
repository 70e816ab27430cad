import JSON
import Testing
@testable import Retrieval

@Suite struct SelfQueryTests {
    let vocabulary = SelfQueryFixture.vocabulary()

    func filters(_ question: String, _ vocabulary: SelfQuery.Vocabulary? = nil,
                 options: SelfQuery.Options = .init()) -> JSONValue {
        SelfQuery.extract(question, vocabulary: vocabulary ?? self.vocabulary, options: options).filters
    }

    func json(_ text: String) throws -> JSONValue {
        try #require(JSONParser.parse(text), "label is not JSON: \(text)")
    }

    /// Members sorted by key and lists of strings sorted, so equal filters compare equal whatever order the
    /// extractor emits them in (the API's semantics do not depend on either order).
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.map { ($0.key, canonical($0.value)) }.sorted { $0.key < $1.key })
        case .array(let values):
            let strings = values.compactMap { if case .string(let text) = $0 { text } else { nil } }
            return strings.count == values.count ? .array(strings.sorted().map(JSONValue.string)) : .array(values)
        default:
            return value
        }
    }

    /// `YYYY-MM-DD` → Unix milliseconds, as the server's filter parser reads dates.
    static func time(_ text: String) -> Int64? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let day = SelfQuery.Day(year: parts[0], month: parts[1], day: parts[2]) else { return nil }
        return Int64(day.daysSinceEpoch) * 86_400_000
    }

    // MARK: The labelled set

    /// Exact matches of `labels` and a description of each miss.
    func score(_ labels: [SelfQueryFixture.Label]) throws -> (exact: Int, misses: [String]) {
        var exact = 0
        var misses: [String] = []
        for label in labels {
            let expected = Self.canonical(try json(label.filters))
            let actual = Self.canonical(filters(label.question))
            if actual == expected {
                exact += 1
            } else {
                misses.append("  \(label.question)\n    expected \(expected.serializedText)\n    got      \(actual.serializedText)")
            }
        }
        return (exact, misses)
    }

    @Test func labelledQuestionsReachTheAccuracyBar() throws {
        let labels = SelfQueryFixture.labels
        let (exact, misses) = try score(labels)
        let noFilter = labels.filter { $0.filters == "{}" }.count
        print("self-query accuracy: \(exact)/\(labels.count) exact (\(exact * 100 / labels.count)%), "
              + "\(noFilter) labelled with no filter")
        if !misses.isEmpty { print("self-query misses:\n" + misses.joined(separator: "\n")) }
        #expect(labels.count >= 60)
        #expect(noFilter >= 15)
        #expect(Double(exact) / Double(labels.count) > 0.8, "\(misses.joined(separator: "\n"))")
    }

    /// The held-out set is reported, not tuned for; together with the main set it must stay above the bar.
    @Test func heldOutQuestionsAreMeasured() throws {
        let (exact, misses) = try score(SelfQueryFixture.heldOut)
        let total = SelfQueryFixture.heldOut.count
        print("self-query held-out accuracy: \(exact)/\(total) exact (\(exact * 100 / total)%)")
        if !misses.isEmpty { print("self-query held-out misses:\n" + misses.joined(separator: "\n")) }
        let main = try score(SelfQueryFixture.labels).exact
        #expect(Double(exact + main) / Double(total + SelfQueryFixture.labels.count) > 0.8)
    }

    @Test func everyExtractedFilterIsAcceptedBySearchFilter() throws {
        let vocabularies = [vocabulary, SelfQueryFixture.vocabulary(dateKey: nil),
                            SelfQueryFixture.vocabulary(dateKey: "year", dateValues: .year)]
        var nonEmpty = 0
        for vocabulary in vocabularies {
            for label in SelfQueryFixture.labels {
                let extracted = filters(label.question, vocabulary)
                let parsed = try SearchFilter.parse(extracted, time: Self.time)
                if !parsed.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > SelfQueryFixture.labels.count)
    }

    @Test func extractedFiltersSelectTheIntendedDocuments() throws {
        let filter = try SearchFilter.parse(filters("What did Zhang write about attention in 2019?"), time: Self.time)
        func subject(_ author: String, _ date: String) -> FilterSubject {
            FilterSubject(documentID: "d", externalID: nil, createdAt: 0,
                          userMetadata: ["author": .string(author), "date": .string(date)], fileMetadata: nil)
        }
        #expect(filter.matches(subject("Wei Zhang", "2019-06-30")))
        #expect(!filter.matches(subject("Wei Zhang", "2020-01-01")))
        #expect(!filter.matches(subject("Jane Smith", "2019-06-30")))
    }

    // MARK: Rules

    @Test func datesFollowTheVocabularysDateForm() throws {
        let question = "Papers by Wei Zhang between 2018 and 2020"
        // Without a date key, dates are content: no date filter, and the words stay in the searched text.
        let undated = SelfQuery.extract(question, vocabulary: SelfQueryFixture.vocabulary(dateKey: nil))
        #expect(Self.canonical(undated.filters) == Self.canonical(try json(#"{"metadata.author":"Wei Zhang"}"#)))
        #expect(undated.query.contains("between 2018 and 2020"), "\(undated.query)")
        let years = SelfQueryFixture.vocabulary(dateKey: "year", dateValues: .year)
        #expect(filters(question, years)[ "metadata.year"] == (try json(#"{"$gte":2018,"$lte":2020}"#)))
        #expect(filters("What happened in 2019?", years)["metadata.year"] == .number(2019))
        // A month widens to its whole year when only years are stored.
        #expect(filters("What changed since March 2021?", years)["metadata.year"] == (try json(#"{"$gte":2021}"#)))
    }

    @Test(arguments: [
        ("What did the marketing team publish last year?", "2025-01-01", "2026-01-01"),
        ("Reports from this month", "2026-03-01", "2026-04-01"),
        ("Anything in the past year?", "2025-03-15", nil),
        ("Updates in the last 2 weeks", "2026-03-01", nil),
        ("Memos over the past three months", "2025-12-15", nil),
        ("What changed between 2021 and 2019?", "2019-01-01", "2022-01-01"),
        ("Notes from 2019 to 2021", "2019-01-01", "2022-01-01"),
        ("What happened on 2024-02-29?", "2024-02-29", "2024-03-01"),
        ("Papers in the 2010s", "2010-01-01", "2020-01-01"),
        ("Policies issued after 2019 but before 2022", "2020-01-01", "2022-01-01"),
        ("What was published from 2020 onwards?", "2020-01-01", nil),
        ("Memos until Dec. 2020", nil, "2021-01-01"),
        ("Summaries of documents from 2021 or 2022", "2021-01-01", "2023-01-01"),
    ] as [(String, String?, String?)])
    func relativeAndRangedDates(question: String, from: String?, to: String?) throws {
        let expected = try json("{" + SelfQueryFixture.date(from, to) + "}")
        #expect(Self.canonical(filters(question)).members?.filter { $0.key == "metadata.date" }.first?.value
                == expected["metadata.date"])
    }

    @Test(arguments: [
        "How were 2019 patients treated?", "Is p < 0.05 significant?", "Status of PPR-9087", "Ticket #2019 is open",
        "It costs $2019 in total", "We saw 2019% growth", "In 2000 patients the effect vanished", "Version 2.2019 notes",
        "Call 555-2019 now", "Budget for 2024", "The 2019-2018 season", "Room 1850 in 1850 buildings",
        "Compare 2015 with 2016 results by region", "What happened in 2015 and in 2020?",
    ])
    func numbersThatAreNotYearsGiveNoDate(question: String) {
        let members = filters(question).members ?? []
        #expect(!members.contains { $0.key.contains("date") || $0.key.hasPrefix("created") }, "\(members)")
    }

    @Test func ambiguousAndUnknownPeopleGiveNoFilter() {
        #expect(filters("Papers by Smith") == [:])
        #expect(filters("Papers by J. Smith") == [:])
        #expect(filters("Papers by Smith and Zhang") == [:], "one ambiguous name spoils the list")
        #expect(filters("Papers by Jane Smith")["metadata.author"] == "Jane Smith")
        #expect(filters("Papers by Dr. Brown") == [:])
        #expect(filters("a guide by young engineers") == [:])
        #expect(filters("What is Wei Zhang's phone number?") == [:], "a possessive without a work noun is about X")
    }

    @Test func recentOnlyCountsWhenConfigured() {
        #expect(filters("recent papers by Wei Zhang")["metadata.date"] == nil)
        var options = SelfQuery.Options()
        options.recentMonths = 12
        #expect(filters("recent papers by Wei Zhang", options: options)["metadata.date"] == ["$gte": "2025-03-15"])
    }

    @Test func documentsNeedACueAndVersionsAreListed() {
        #expect(filters("Can I do remote work from Spain?") == [:])
        #expect(filters("Can I do Remote Work from Spain?")["document_id"] == "doc_remote", "title case is a cue")
        #expect(filters("Is there a \"remote work\" document?")["document_id"] == "doc_remote", "quotes are a cue")
        #expect(filters("What does the policy say?") == [:], "a head noun shared by several titles is ambiguous")
        #expect(filters("Per the handbook, can I work remotely?")["document_id"] == ["doc_handbook", "doc_handbook_2022"])
        #expect(filters("Open report-2022 please")["document_id"] == "doc_report22", "a file stem with digits")
        var options = SelfQuery.Options()
        options.maxDocumentsPerMention = 1
        #expect(filters("In the Employee Handbook, what is overtime?", options: options) == [:])
    }

    // MARK: Query and conditions

    @Test(arguments: [
        ("What did Zhang write about attention in 2019?", "What did they write about attention?"),
        ("What does Alvarez say about data privacy?", "What does the author say about data privacy?"),
        ("Does the finance department allow it?", "Does it allow it?"),
        ("Papers from the past two years", "Papers"),
        ("In the Employee Handbook, how many vacation days do I get?", "How many vacation days do I get?"),
        ("Papers by Jane Smith on transformers", "Papers on transformers"),
        ("According to Müller, what causes model drift?", "What causes model drift?"),
        ("What does the onboarding guide say about laptops?", "What does it say about laptops?"),
        ("Priya Patel's papers on fairness", "The papers on fairness"),
        ("Policies written in Spanish", "Policies"),
        ("What are the hiring rules in the Human Resources department?", "What are the hiring rules?"),
        ("Compare the Travel Policy and the Expense Policy on per diems",
         "Compare the Travel Policy and the Expense Policy on per diems"),
        ("What is the capital of France?", "What is the capital of France?"),
    ])
    func queryLosesTheFilterPhrases(question: String, query: String) {
        #expect(SelfQuery.extract(question, vocabulary: vocabulary).query == query)
    }

    @Test func conditionsPointAtTheirWords() {
        let question = "Was hat José Álvarez 🙂 since 2020 in the Travel Policy about per diems geschrieben, by Jane Smith?"
        let extraction = SelfQuery.extract(question, vocabulary: vocabulary)
        #expect(extraction.conditions.map(\.kind) == [.document, .person, .date])
        let scalars = Array(question.unicodeScalars)
        for condition in extraction.conditions {
            #expect(String(String.UnicodeScalarView(scalars[condition.range])) == condition.words)
        }
        #expect(extraction.conditions.map(\.words) == ["in the Travel Policy", "by Jane Smith", "since 2020"])
        #expect(extraction.filters["metadata.author"] == "Jane Smith", "José Álvarez has no cue here")
    }

    // MARK: Hostile input

    @Test func longQuestionsAreReadOnlyUpToTheCap() {
        let filler = String(repeating: "lorem ipsum dolor ", count: 10_000)
        let early = SelfQuery.extract("Papers by Wei Zhang " + filler, vocabulary: vocabulary)
        #expect(early.filters["metadata.author"] == "Wei Zhang")
        #expect(early.query.hasSuffix(filler.dropFirst(2_000)), "the unread tail is kept verbatim")
        let late = SelfQuery.extract(filler + " by Wei Zhang in 2019", vocabulary: vocabulary)
        #expect(late.filters == [:])
        // Look-ups bound the dictionary matchers (titles, names, values); dates need none.
        let dense = String(repeating: "by Wei Zhang in 2019 and ", count: 5_000)
        var options = SelfQuery.Options()
        options.maxLookups = 0
        let starved = SelfQuery.extract(dense, vocabulary: vocabulary, options: options).filters
        #expect(starved["metadata.author"] == nil)
        #expect(starved["metadata.date"] != nil)
        #expect(filters(dense)["metadata.author"] == "Wei Zhang")
    }

    @Test func oddUnicodeNeitherCrashesNorMatchesWrongly() {
        let decomposed = "Papers by Jose\u{301} A\u{301}lvarez"
        #expect(filters(decomposed)["metadata.author"] == "José Álvarez")
        #expect(filters("Papers by W\u{200B}ei Zhang") == [:], "a zero-width space splits the word")
        #expect(filters("ALL PAPERS BY WEI ZHANG")["metadata.author"] == "Wei Zhang")
        for question in ["", " ", "\u{0}\u{0}by", "🙂🙂🙂", "\u{202E}by Wei Zhang\u{202C}", "by", "in", "since",
                         "between 2019 and", "from the", "'s", "— – -", String(repeating: "\u{301}", count: 50),
                         "日本語の文書 2019年", "по 2019 году", "by \u{FFFD}\u{FFFD}"] {
            let extraction = SelfQuery.extract(question, vocabulary: vocabulary)
            #expect((try? SearchFilter.parse(extraction.filters, time: Self.time)) != nil)
        }
    }

    // MARK: Calendar

    @Test func calendarDaysRoundTripAndClamp() {
        for (days, text) in [(0, "1970-01-01"), (-1, "1969-12-31"), (11_016, "2000-02-29"), (20_527, "2026-03-15")] {
            let day = SelfQuery.Day(daysSinceEpoch: days)
            #expect(day.description == text)
            #expect(day.daysSinceEpoch == days)
        }
        #expect(SelfQuery.Day(unixMilliseconds: 1_773_532_800_000).description == "2026-03-15")
        #expect(SelfQuery.Day(unixMilliseconds: -1).description == "1969-12-31")
        #expect(SelfQuery.Day(year: 2024, month: 3, day: 31)!.adding(months: -1).description == "2024-02-29")
        #expect(SelfQuery.Day(year: 2026, month: 1, day: 15)!.adding(months: -13).description == "2024-12-15")
        #expect(SelfQuery.Day(year: 2023, month: 2, day: 29) == nil)
    }
}
