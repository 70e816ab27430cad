/// Turns a follow-up question into one that stands alone, without a model: "How fast is it?" after "What is
/// HNSW?" becomes "How fast is it? HNSW". Retrieval only needs the missing subject's words, not fluent grammar; a
/// model (when one is configured) rewrites more gracefully and this is its fallback.
package enum FollowUpCondenser {
    /// Words that point back at something said before.
    static let referring: Set<String> = [
        "it", "its", "it's", "they", "them", "their", "theirs", "this", "that", "these", "those", "he", "him", "his",
        "she", "her", "hers", "there", "same", "former", "latter", "above", "such", "one", "ones",
    ]
    /// Openings of a question that continues the previous one.
    static let continuations = ["and ", "also ", "what about ", "how about ", "and what", "why", "how so", "what else",
                                "tell me more", "more ", "which one", "what if "]

    /// The standalone form of `question` given the earlier questions of the conversation (oldest first). A question
    /// that does not look like a follow-up is returned as it is. `analyze` gives a text's index terms (stop words
    /// removed), used to tell content words from function words.
    package static func condense(_ question: String, previous: [String], analyze: (Substring) -> [String]) -> String {
        guard let last = previous.last else { return question }
        let lowered = question.lowercased()
        let words = lowered.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" })
        let contentTerms = Set(analyze(question[...]))
        let isFollowUp = words.contains { referring.contains(String($0)) }
            || continuations.contains { lowered.hasPrefix($0) }
            || contentTerms.count <= 2
        guard isFollowUp else { return question }
        // The subject lives in the latest question that had one; walk back past earlier follow-ups.
        var context: [Substring] = []
        for earlier in ([last] + previous.dropLast().reversed()).prefix(3) {
            context = contentWords(of: earlier, notIn: contentTerms, analyze: analyze)
            if !context.isEmpty { break }
        }
        guard !context.isEmpty else { return question }
        return question + " " + context.joined(separator: " ")
    }

    /// The words of `text` that carry content (analyze to at least one term) and whose terms `question` lacks.
    private static func contentWords(of text: String, notIn question: Set<String>, analyze: (Substring) -> [String])
        -> [Substring] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0.isWhitespace }).compactMap { raw in
            let word = raw.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }
            let trimmed = Substring(String(word.reversed()))
            let terms = analyze(trimmed)
            guard !terms.isEmpty, !terms.allSatisfy(question.contains), !referring.contains(trimmed.lowercased()),
                  seen.insert(terms.joined(separator: " ")).inserted else { return nil }
            return trimmed
        }
    }
}
