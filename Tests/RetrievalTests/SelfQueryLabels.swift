@testable import Retrieval

/// A small fictional knowledge base and questions labelled with the filters a user asking them would want. The
/// labels were written from the questions alone, before the extractor ran on them; failures are reported by the
/// accuracy test, not fixed by relabelling.
enum SelfQueryFixture {
    /// Today for every relative date below.
    static let today = SelfQuery.Day(year: 2026, month: 3, day: 15)!

    static let documents: [SelfQuery.Vocabulary.Document] = [
        .init(id: "doc_handbook", title: "Employee Handbook", filename: "employee-handbook.pdf"),
        .init(id: "doc_handbook_2022", title: "Employee Handbook", filename: "employee-handbook-2022.pdf"),
        .init(id: "doc_onboarding", title: "Onboarding Guide", filename: "onboarding.docx"),
        .init(id: "doc_security", title: "Information Security Policy", filename: "infosec-policy.pdf"),
        .init(id: "doc_travel", title: "Travel Policy", filename: "travel_policy_v3.pdf"),
        .init(id: "doc_expense", title: "Expense Policy", filename: "expenses.md"),
        .init(id: "doc_report23", title: "Annual Report 2023", filename: "report-2023.pdf"),
        .init(id: "doc_report22", title: "Annual Report 2022", filename: "report-2022.pdf"),
        .init(id: "doc_attention", title: "Attention in Neural Machine Translation", filename: "attention-nmt.pdf"),
        .init(id: "doc_remote", title: "Remote Work", filename: "remote-work.html"),
        .init(id: "doc_conduct", title: "Code of Conduct", filename: "code-of-conduct.pdf"),
        .init(id: "doc_q3", title: "Q3 Sales Review", filename: "q3-sales-review.pptx"),
    ]

    static let fields: [SelfQuery.Vocabulary.Field] = [
        .init(key: "author", values: ["Jane Smith", "John Smith", "Wei Zhang", "José Álvarez", "Anna Müller",
                                      "Priya Patel", "Zoë O'Brien", "Marie-Claire Dubois"]),
        .init(key: "department", values: ["Finance", "Human Resources", "Engineering", "Legal", "Marketing", "Sales"],
              kind: .category(nouns: ["department", "departments", "dept", "team"])),
        .init(key: "language", values: ["English", "German", "French", "Spanish"]),
    ]

    static func vocabulary(dateKey: String? = "date",
                           dateValues: SelfQuery.Vocabulary.DateValues = .isoDate) -> SelfQuery.Vocabulary {
        SelfQuery.Vocabulary(documents: documents, fields: fields, dateKey: dateKey, dateValues: dateValues, today: today)
    }

    struct Label: Sendable, CustomStringConvertible {
        let question: String
        /// The expected filters as JSON text.
        let filters: String
        var description: String { question }
    }

    /// `{"metadata.date": {"$gte": from, "$lt": to}}` members as text, to keep the labels readable.
    static func date(_ from: String?, _ to: String?) -> String {
        let bounds = [from.map { #""$gte":"\#($0)""# }, to.map { #""$lt":"\#($0)""# }].compactMap { $0 }
        return #""metadata.date":{"# + bounds.joined(separator: ",") + "}"
    }

    static func year(_ year: Int) -> String { date("\(year)-01-01", "\(year + 1)-01-01") }

    static let labels: [Label] = [
        // People.
        Label(question: "What did Zhang write about attention in 2019?", filters: #"{"metadata.author":"Wei Zhang","# + year(2019) + "}"),
        Label(question: "What did Smith write about attention in 2019?", filters: "{" + year(2019) + "}"),
        Label(question: "Papers by Jane Smith on transformers", filters: #"{"metadata.author":"Jane Smith"}"#),
        Label(question: "What has J. Smith published since 2020?", filters: "{" + date("2020-01-01", nil) + "}"),
        Label(question: "Summarize W. Zhang's work on retrieval", filters: #"{"metadata.author":"Wei Zhang"}"#),
        Label(question: "What does Alvarez say about data privacy?", filters: #"{"metadata.author":"José Álvarez"}"#),
        Label(question: "papers written by jose alvarez between 2018 and 2020",
              filters: #"{"metadata.author":"José Álvarez","# + date("2018-01-01", "2021-01-01") + "}"),
        Label(question: "According to Müller, what causes model drift?", filters: #"{"metadata.author":"Anna Müller"}"#),
        Label(question: "According to Mueller, is drift seasonal?", filters: #"{"metadata.author":"Anna Müller"}"#),
        Label(question: "Priya Patel's papers on fairness", filters: #"{"metadata.author":"Priya Patel"}"#),
        Label(question: "What did O'Brien's report conclude?", filters: #"{"metadata.author":"Zoë O'Brien"}"#),
        Label(question: "Anything by Zoë O’Brien on ethics?", filters: #"{"metadata.author":"Zoë O'Brien"}"#),
        Label(question: "Articles by John Smith and Wei Zhang about evaluation",
              filters: #"{"metadata.author":["John Smith","Wei Zhang"]}"#),
        Label(question: "What did Marie-Claire Dubois propose for the budget?",
              filters: #"{"metadata.author":"Marie-Claire Dubois"}"#),
        Label(question: "Jane Smith's views on open source", filters: #"{"metadata.author":"Jane Smith"}"#),
        Label(question: "Recent work by Dr. Wei Zhang on sparse retrieval", filters: #"{"metadata.author":"Wei Zhang"}"#),
        Label(question: "What were the 2019 findings by Müller?", filters: #"{"metadata.author":"Anna Müller","# + year(2019) + "}"),
        Label(question: "What does Smith's 2021 paper say about bias?", filters: "{" + year(2021) + "}"),
        Label(question: "Everything written by Anna Müller since last year",
              filters: #"{"metadata.author":"Anna Müller","# + date("2025-01-01", nil) + "}"),
        // Documents.
        Label(question: "What does the Code of Conduct say about gifts?", filters: #"{"document_id":"doc_conduct"}"#),
        Label(question: "In the Employee Handbook, how many vacation days do I get?",
              filters: #"{"document_id":["doc_handbook","doc_handbook_2022"]}"#),
        Label(question: "According to report-2023.pdf, what was revenue growth?", filters: #"{"document_id":"doc_report23"}"#),
        Label(question: "What does the onboarding guide say about laptops?", filters: #"{"document_id":"doc_onboarding"}"#),
        Label(question: "Compare the Travel Policy and the Expense Policy on per diems",
              filters: #"{"document_id":["doc_travel","doc_expense"]}"#),
        Label(question: "What does the security policy say about passwords?", filters: #"{"document_id":"doc_security"}"#),
        Label(question: "Summarize the annual report", filters: #"{"document_id":["doc_report23","doc_report22"]}"#),
        Label(question: "Summarize the 2023 annual report", filters: #"{"document_id":"doc_report23"}"#),
        Label(question: "What changed in the travel policy since 2024?",
              filters: #"{"document_id":"doc_travel","# + date("2024-01-01", nil) + "}"),
        Label(question: "What does the infosec-policy.pdf say about VPNs?", filters: #"{"document_id":"doc_security"}"#),
        Label(question: "Summarize travel_policy_v3.pdf", filters: #"{"document_id":"doc_travel"}"#),
        Label(question: "Who wrote the Q3 Sales Review?", filters: #"{"document_id":"doc_q3"}"#),
        Label(question: "Tell me about the Attention in Neural Machine Translation paper",
              filters: #"{"document_id":"doc_attention"}"#),
        Label(question: "What is the remote work policy?", filters: #"{"document_id":"doc_remote"}"#),
        Label(question: "What is the travel policy for interns?", filters: #"{"document_id":"doc_travel"}"#),
        Label(question: "What does the handbook say about overtime?",
              filters: #"{"document_id":["doc_handbook","doc_handbook_2022"]}"#),
        // Departments and languages.
        Label(question: "Finance department budget for 2024", filters: #"{"metadata.department":"Finance"}"#),
        Label(question: "What are the hiring rules in the Human Resources department?",
              filters: #"{"metadata.department":"Human Resources"}"#),
        Label(question: "Travel rules from the legal team", filters: #"{"metadata.department":"Legal"}"#),
        Label(question: "Engineering department guidelines for code review", filters: #"{"metadata.department":"Engineering"}"#),
        Label(question: "What did the marketing team publish last year?",
              filters: #"{"metadata.department":"Marketing","# + year(2025) + "}"),
        Label(question: "In 2021, what did the finance department report?",
              filters: #"{"metadata.department":"Finance","# + year(2021) + "}"),
        Label(question: "Documents by the Sales team from last month",
              filters: #"{"metadata.department":"Sales","# + date("2026-02-01", "2026-03-01") + "}"),
        Label(question: "Show me the German documents about data retention", filters: #"{"metadata.language":"German"}"#),
        Label(question: "Policies written in Spanish", filters: #"{"metadata.language":"Spanish"}"#),
        Label(question: "Any French versions of the Code of Conduct?",
              filters: #"{"document_id":"doc_conduct","metadata.language":"French"}"#),
        Label(question: "Guidelines in english for new hires", filters: #"{"metadata.language":"English"}"#),
        Label(question: "Which German-language reports cover 2022?", filters: #"{"metadata.language":"German"}"#),
        Label(question: "What did the Legal team say in the 1990s about mergers?",
              filters: #"{"metadata.department":"Legal","# + date("1990-01-01", "2000-01-01") + "}"),
        // Dates.
        Label(question: "Documents from this year about budgets", filters: "{" + year(2026) + "}"),
        Label(question: "What has been written about RAG in the past 3 years?", filters: "{" + date("2023-03-15", nil) + "}"),
        Label(question: "Changes to the expense policy in the last six months",
              filters: #"{"document_id":"doc_expense","# + date("2025-09-15", nil) + "}"),
        Label(question: "What did Priya Patel write in March 2021?",
              filters: #"{"metadata.author":"Priya Patel","# + date("2021-03-01", "2021-04-01") + "}"),
        Label(question: "Security incidents reported before 2020", filters: "{" + date(nil, "2020-01-01") + "}"),
        Label(question: "Papers by Wei Zhang published after 2021",
              filters: #"{"metadata.author":"Wei Zhang","# + date("2022-01-01", nil) + "}"),
        Label(question: "Research until 2018 on speech recognition", filters: "{" + date(nil, "2019-01-01") + "}"),
        Label(question: "What was decided prior to June 2022?", filters: "{" + date(nil, "2022-06-01") + "}"),
        Label(question: "What happened after 2023-05-10?", filters: "{" + date("2023-05-11", nil) + "}"),
        Label(question: "Meeting notes from 2018–2020", filters: "{" + date("2018-01-01", "2021-01-01") + "}"),
        Label(question: "Sales figures 2018-2020", filters: "{" + date("2018-01-01", "2021-01-01") + "}"),
        Label(question: "What's new since May 2024?", filters: "{" + date("2024-05-01", nil) + "}"),
        Label(question: "What did José Álvarez publish this month?",
              filters: #"{"metadata.author":"José Álvarez","# + date("2026-03-01", "2026-04-01") + "}"),
        Label(question: "Onboarding changes in 2019 and 2020", filters: "{" + date("2019-01-01", "2021-01-01") + "}"),
        Label(question: "Trends over the past decade", filters: "{" + date("2016-03-15", nil) + "}"),
        // No filter: distractors.
        Label(question: "Who is Wei Zhang?", filters: "{}"),
        Label(question: "Recent research by Dr. Brown on sleep", filters: "{}"),
        Label(question: "How were 2019 patients treated in the trial?", filters: "{}"),
        Label(question: "Is the result significant at p < 0.05?", filters: "{}"),
        Label(question: "What is the status of ticket PPR-9087?", filters: "{}"),
        Label(question: "How many adverse events occurred in 2000 patients?", filters: "{}"),
        Label(question: "What is the policy?", filters: "{}"),
        Label(question: "How do I write a good report?", filters: "{}"),
        Label(question: "Can I do remote work from Spain?", filters: "{}"),
        Label(question: "Is it legal to record meetings?", filters: "{}"),
        Label(question: "What does a good handbook contain?", filters: "{}"),
        Label(question: "How does attention work in neural networks?", filters: "{}"),
        Label(question: "What is the capital of France?", filters: "{}"),
        Label(question: "How many people work in Engineering?", filters: "{}"),
        Label(question: "May I expense a taxi?", filters: "{}"),
        Label(question: "What did Anna say about drift?", filters: "{}"),
        Label(question: "Explain section 2020 of the tax code", filters: "{}"),
        Label(question: "Show the top 2000 customers by revenue", filters: "{}"),
        Label(question: "Which documents mention Zhang?", filters: "{}"),
        Label(question: "Papers by Smith", filters: "{}"),
        Label(question: "What does the Spanish subsidiary report?", filters: "{}"),
        Label(question: "What is the budget for 2024?", filters: "{}"),
        Label(question: "Give me 1999 reasons to switch", filters: "{}"),
        Label(question: "How does the expense tool handle travel?", filters: "{}"),
        Label(question: "Who leads the security team?", filters: "{}"),
    ]

    /// Written after the extractor was finished and run once, without changing any rule afterwards: an estimate of
    /// accuracy on questions the rules were not developed against.
    static let heldOut: [Label] = [
        Label(question: "Show everything Wei Zhang authored in 2022", filters: #"{"metadata.author":"Wei Zhang","# + year(2022) + "}"),
        Label(question: "Has Priya Patel written anything on privacy since 2023?",
              filters: #"{"metadata.author":"Priya Patel","# + date("2023-01-01", nil) + "}"),
        Label(question: "What's in the Expense Policy about mileage?", filters: #"{"document_id":"doc_expense"}"#),
        Label(question: "per the code of conduct, can I accept a gift?", filters: #"{"document_id":"doc_conduct"}"#),
        Label(question: "Does the travel policy cover rail passes?", filters: #"{"document_id":"doc_travel"}"#),
        Label(question: "List reports from the finance dept in 2024",
              filters: #"{"metadata.department":"Finance","# + year(2024) + "}"),
        Label(question: "What are Anna Müller's recommendations on drift monitoring?",
              filters: #"{"metadata.author":"Anna Müller"}"#),
        Label(question: "Give me a summary of Q3 Sales Review", filters: #"{"document_id":"doc_q3"}"#),
        Label(question: "Spanish translations of the onboarding guide",
              filters: #"{"metadata.language":"Spanish","document_id":"doc_onboarding"}"#),
        Label(question: "Which papers from José Álvarez discuss federated learning?",
              filters: #"{"metadata.author":"José Álvarez"}"#),
        Label(question: "What did they decide in Q3?", filters: "{}"),
        Label(question: "Where is the 2019 conference held?", filters: "{}"),
        Label(question: "What is ISO 27001?", filters: "{}"),
        Label(question: "How many vacation days after 5 years of service?", filters: "{}"),
        Label(question: "Documents written before March 2020 by the HR team",
              filters: #"{"metadata.department":"Human Resources","# + date(nil, "2020-03-01") + "}"),
        Label(question: "What was the revenue in 2023 according to the annual report?",
              filters: #"{"document_id":["doc_report23","doc_report22"]}"#),
        Label(question: "Sales team presentations from the past two years",
              filters: #"{"metadata.department":"Sales","# + date("2024-03-15", nil) + "}"),
        Label(question: "Anything new from Legal this year?", filters: #"{"metadata.department":"Legal","# + year(2026) + "}"),
        Label(question: "By 2025, what targets did Engineering set?", filters: "{}"),
        Label(question: "Explain the German tax rules mentioned in the travel policy", filters: #"{"document_id":"doc_travel"}"#),
        Label(question: "Zhang and Patel's joint paper on bias", filters: #"{"metadata.author":["Wei Zhang","Priya Patel"]}"#),
        Label(question: "Summaries of every document from 2021 or 2022", filters: "{" + date("2021-01-01", "2023-01-01") + "}"),
        Label(question: "How has the Information Security Policy changed over the last 18 months?",
              filters: #"{"document_id":"doc_security","# + date("2024-09-15", nil) + "}"),
        Label(question: "What did Dubois conclude?", filters: #"{"metadata.author":"Marie-Claire Dubois"}"#),
        Label(question: "Is Wei Zhang still on the team?", filters: "{}"),
        Label(question: "What does chapter 2 of the Employee Handbook cover?",
              filters: #"{"document_id":["doc_handbook","doc_handbook_2022"]}"#),
        Label(question: "Reports published in Q1 2024", filters: "{" + date("2024-01-01", "2024-04-01") + "}"),
        Label(question: "What did the French team publish?", filters: "{}"),
        Label(question: "Which policies changed during 2020?", filters: "{" + year(2020) + "}"),
        Label(question: "Notes by Jane about the offsite", filters: "{}"),
    ]
}
