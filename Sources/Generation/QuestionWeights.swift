#if canImport(Glibc)
import Glibc
#endif

/// A question's terms weighted by BM25's idf over a collection of sentences: a term every retrieved sentence repeats
/// (the topic) says little about which sentence answers, a rare one says much. Used to score sentences for the
/// extractive answer and for contextual compression.
package struct QuestionWeights: Sendable {
    /// idf of each question term.
    package let weights: [String: Double]
    /// The sum of the weights.
    package let mass: Double

    /// Weights of `question`'s terms over `sentences`, each given as its set of terms.
    package init(question: Set<String>, sentences: [Set<String>]) {
        let count = Double(sentences.count)
        var frequency: [String: Int] = [:]
        for sentence in sentences {
            for term in sentence where question.contains(term) { frequency[term, default: 0] += 1 }
        }
        weights = Dictionary(uniqueKeysWithValues: question.map { term in
            let n = Double(frequency[term] ?? 0)
            return (term, log(1 + (count - n + 0.5) / (n + 0.5)))
        })
        mass = weights.values.reduce(0, +)
    }

    /// The share of the question's weight that `terms` (distinct) contain, 0…1.
    package func coverage(of terms: Set<String>) -> Double {
        guard mass > 0 else { return 0 }
        return terms.reduce(0.0) { $0 + (weights[$1] ?? 0) } / mass
    }
}
