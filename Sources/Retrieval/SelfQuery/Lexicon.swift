/// The English words the matchers use as cues, all folded. Lists, not grammar: each says why a neighbouring word
/// makes a mention mean a filter.
enum Lexicon {
    /// Nouns for things a knowledge base holds. "the … policy", "2019 papers", "German documents": a mention next
    /// to one of these names a document or a set of documents, not a topic.
    static let documentNouns: Set<String> = [
        "document", "documents", "doc", "docs", "paper", "papers", "article", "articles", "report", "reports", "study",
        "studies", "memo", "memos", "note", "notes", "guide", "guides", "guideline", "guidelines", "policy",
        "policies", "handbook", "handbooks", "manual", "manuals", "review", "reviews", "presentation",
        "presentations", "slides", "deck", "decks", "publication", "publications", "version", "versions", "edition",
        "editions", "translation", "translations", "findings", "thesis", "book", "books", "post", "posts", "file",
        "files", "pdf", "pdfs", "proposal", "proposals", "summary", "summaries", "minutes", "plan", "plans", "survey",
        "surveys", "whitepaper", "whitepapers", "spec", "specs", "specification", "specifications", "update",
        "updates", "release", "releases", "newsletter", "newsletters", "announcement", "announcements", "material",
        "materials", "chapter", "chapters", "faq", "wiki", "page", "pages",
    ]

    /// What a person's possessive must be followed by to mean authorship: "Zhang's papers", "Smith's view" — but not
    /// "Zhang's phone number", which asks about Zhang.
    static let workNouns: Set<String> = documentNouns.union([
        "work", "works", "research", "writing", "writings", "talk", "talks", "view", "views", "opinion", "opinions",
        "argument", "arguments", "position", "take", "analysis", "blog", "experiments", "conclusions",
        "recommendations", "claims", "theory", "thoughts", "results",
    ])

    /// Verbs of saying and writing: "the handbook says", "did Zhang write". A mention right before one is the
    /// subject, so the query keeps a pronoun in its place.
    static let sayingVerbs: Set<String> = [
        "say", "says", "said", "state", "states", "stated", "mention", "mentions", "mentioned", "recommend",
        "recommends", "recommended", "require", "requires", "required", "describe", "describes", "described",
        "explain", "explains", "explained", "cover", "covers", "covered", "define", "defines", "defined", "allow",
        "allows", "allowed", "permit", "permits", "specify", "specifies", "specified", "suggest", "suggests",
        "suggested", "argue", "argues", "argued", "claim", "claims", "claimed", "conclude", "concludes", "concluded",
        "propose", "proposes", "proposed", "report", "reports", "reported", "write", "writes", "wrote", "written",
        "publish", "publishes", "published", "think", "thinks", "thought", "find", "finds", "found", "note", "notes",
        "noted", "show", "shows", "showed", "discuss", "discusses", "discussed", "contain", "contains", "tell",
        "tells", "told", "mean", "means", "meant", "present", "presents", "presented", "cite", "cites", "believe",
        "believes", "believed", "predict", "predicts", "predicted", "advise", "advises", "advised",
    ]

    /// Auxiliaries before a subject: "what did … write", "what does … say".
    static let auxiliaries: Set<String> = [
        "did", "does", "do", "has", "have", "had", "will", "would", "can", "could", "should", "might", "is", "was",
        "are", "were",
    ]

    /// Auxiliaries that agree with a singular subject only: after them "they" would read wrong ("does they say").
    static let singularAuxiliaries: Set<String> = ["does", "has", "is", "was"]

    /// What replaces a subject taken out of the query: a plural pronoun (a stop word, so it adds nothing to the
    /// search) unless the auxiliary before it needs a singular ("What does the author say…").
    static func subject(after auxiliary: String?, singular: String) -> String {
        auxiliary.map(singularAuxiliaries.contains) == true ? singular : "they"
    }

    /// Participles before "by" that belong to the author phrase ("written by", "edited by").
    static let authorshipParticiples: Set<String> = [
        "written", "authored", "published", "edited", "presented", "prepared", "posted", "produced", "created",
        "compiled", "drafted", "signed", "sent", "issued",
    ]

    /// Titles skipped between a cue and a name ("by Dr. Zhang").
    static let honorifics: Set<String> = ["dr", "prof", "professor", "mr", "mrs", "ms", "mx", "sir", "dame"]

    /// Words whose own capital letter carries no meaning in a title match: "Code of Conduct".
    static let minorWords: Set<String> = [
        "a", "an", "the", "of", "in", "on", "for", "and", "or", "to", "with", "at", "by", "from", "is", "are", "all",
        "you", "vs", "via",
    ]

    /// Prepositions that introduce a document as a source ("in the handbook", "per …"); "according to" is the
    /// two-word one, checked by `QuestionScan.sourceCue(before:)`.
    static let sourcePrepositions: Set<String> = ["in", "per", "from", "under", "within", "inside", "see"]

    /// Determiners before a document's title ("the Travel Policy", "our handbook").
    static let determiners: Set<String> = ["the", "our", "this", "that", "these", "those", "your", "my"]

    /// Words that may follow a year that really is a year: function words ("in 2019 and 2020", "in 2019 about …").
    /// A year followed by another word ("in 2000 patients", "from 2019 employees") is a count.
    static let functionWords: Set<String> = [
        "the", "a", "an", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about",
        "regarding", "concerning", "as", "than", "into", "over", "under", "between", "since", "after", "before",
        "until", "till", "through", "during", "within", "without", "across", "per", "via", "vs", "versus", "is",
        "are", "was", "were", "be", "been", "do", "does", "did", "has", "have", "had", "will", "would", "can",
        "could", "should", "may", "might", "must", "what", "which", "who", "whom", "whose", "when", "where", "why",
        "how", "that", "this", "these", "those", "there", "their", "it", "its", "they", "them", "he", "she", "his",
        "her", "we", "our", "you", "your", "i", "my", "me", "us", "not", "no", "so", "then", "also", "only", "just",
        "still", "onward", "onwards", "inclusive", "alone", "too", "if", "whether", "while", "because", "compared",
        "say", "says", "said", "mention", "mentions", "up", "yet", "both", "either", "any", "all",
    ]

    /// Month names and their common abbreviations → month number.
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// Counts written as words ("the past three years").
    static let numberWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12,
    ]

    /// Quote marks around a title.
    static let quotes: Set<String> = ["\"", "\u{201C}", "\u{201D}", "'", "\u{2018}", "\u{2019}", "\u{00AB}", "\u{00BB}"]

    /// Dashes between the ends of a range ("2018–2020").
    static let dashes: Set<String> = ["-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"]
}
