/// English function words that carry no topic: articles, pronouns, auxiliaries, conjunctions and the commonest
/// prepositions. Their BM25 weight is already tiny, so dropping them mostly saves their long posting lists; negations
/// (`no`, `not`, `nor`) are here too because bag-of-words scoring cannot use them anyway. Directional and quantity
/// words (`up`, `down`, `over`, `more`, `few`) are kept: in technical text they are often the topic
/// (`up-regulation`, `over-expression`). Matched after case and accent folding, before stemming.
enum EnglishStopWords {
    /// The words, lowercase ASCII.
    static let words: [String] = [
        "a", "about", "after", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "during", "each", "either", "for", "from",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "may", "me", "might", "must", "my", "myself",
        "neither", "no", "nor", "not", "of", "on", "or", "other", "our", "ours", "ourselves",
        "shall", "she", "should", "so", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
        "then", "there", "these", "they", "this", "those", "through", "thus", "to",
        "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
        "will", "with", "within", "would", "you", "your", "yours", "yourself", "yourselves",
    ]
}
