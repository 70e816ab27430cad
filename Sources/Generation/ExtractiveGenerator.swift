import Chunking

/// The default generator, which needs no model: it answers with the sentences of the retrieved chunks that best match
/// the question, each run of sentences followed by its source's marker. Deterministic, offline, well under a
/// millisecond for ten chunks — and it can only say what the sources say. When no sentence covers enough of the
/// question it says so rather than quote something loosely related.
///
/// Sentences are scored with BM25 against the question's terms, taking the retrieved sentences as the collection
/// (so a term every chunk repeats weighs little), scaled down gently with the chunk's retrieval rank. `coverage` —
/// the share of the question's term weight a sentence contains — decides whether to answer at all.
package struct ExtractiveGenerator: Sendable {
    package struct Settings: Sendable, Equatable {
        /// Sentences in an answer, at most.
        package var maxSentences = 3
        /// Characters of quoted text, at most (the best sentence is always kept whole).
        package var maxCharacters = 700
        /// A sentence joins the best one only when it scores at least this fraction of it.
        package var relativeThreshold = 0.6
        /// Below this coverage of the question's term weight by the best sentence, the generator declines to answer.
        /// Deliberately low: on SQuAD 2.0 coverage cannot tell answerable questions from the adversarial unanswerable
        /// ones (both decline alike at any threshold), so the floor only catches questions the sources barely touch;
        /// at 0.15 it declines 2.7% of answerable questions, at 0.25 already 11%.
        package var minimumCoverage = 0.15

        package init() {}
    }

    /// What the generator says when the sources do not answer the question.
    package static let noAnswer = "I could not find an answer to this in the knowledge base."

    package let settings: Settings

    package init(settings: Settings = Settings()) {
        self.settings = settings
    }

    private struct Candidate {
        var source: Int
        var range: Range<Int>
        var text: Substring
        var terms: [String: Int]
        var length: Int
        var score = 0.0
        var coverage = 0.0
    }

    /// The answer to a question whose analyzed terms are `questionTerms`, from `sources` in retrieval order.
    /// `analyze` turns text into terms the way `questionTerms` were made (so "runs" meets "running").
    package func answer(questionTerms: [String], sources: [Source], analyze: (Substring) -> [String]) -> Answer {
        let query = Set(questionTerms)
        guard !query.isEmpty else { return Answer(text: Self.noAnswer, supports: [:], model: "extractive") }
        var candidates: [Candidate] = []
        for (position, source) in sources.enumerated() {
            for sentence in source.sentences {
                var terms: [String: Int] = [:]
                let all = analyze(sentence.text)
                for term in all where query.contains(term) { terms[term, default: 0] += 1 }
                candidates.append(Candidate(source: position, range: sentence.scalars, text: sentence.text,
                                            terms: terms, length: max(all.count, 1)))
            }
        }
        guard !candidates.isEmpty else { return Answer(text: Self.noAnswer, supports: [:], model: "extractive") }
        score(&candidates, query: query)
        let best = candidates.indices.max { candidates[$0].score < candidates[$1].score }!
        guard candidates[best].coverage >= settings.minimumCoverage else {
            return Answer(text: Self.noAnswer, supports: [:], model: "extractive")
        }
        let chosen = choose(candidates, best: best)
        return compose(chosen.map { candidates[$0] }, sources: sources)
    }

    /// BM25 (k1 1.2, b 0.75) of each sentence against the question, sentences as the collection; coverage is the
    /// share of the question's idf mass present.
    private func score(_ candidates: inout [Candidate], query: Set<String>) {
        let count = Double(candidates.count)
        let question = QuestionWeights(question: query, sentences: candidates.map { Set($0.terms.keys) })
        let averageLength = candidates.reduce(0.0) { $0 + Double($1.length) } / count
        for index in candidates.indices {
            var score = 0.0
            let norm = 1.2 * (0.25 + 0.75 * Double(candidates[index].length) / averageLength)
            for (term, tf) in candidates[index].terms {
                score += (question.weights[term] ?? 0) * Double(tf) * 2.2 / (Double(tf) + norm)
            }
            // Earlier chunks were judged more relevant by retrieval: a mild prior, never enough to beat a much
            // better sentence further down.
            candidates[index].score = score / (1 + 0.1 * Double(candidates[index].source))
            candidates[index].coverage = question.coverage(of: Set(candidates[index].terms.keys))
        }
    }

    /// The best sentence plus those close to it in score, skipping near-repeats, within the sentence and character
    /// budgets; in reading order (source, then position).
    private func choose(_ candidates: [Candidate], best: Int) -> [Int] {
        var chosen = [best]
        var characters = candidates[best].text.count
        let floor = candidates[best].score * settings.relativeThreshold
        let ranked = candidates.indices.sorted { candidates[$0].score > candidates[$1].score }
        for index in ranked where index != best && chosen.count < settings.maxSentences {
            let candidate = candidates[index]
            guard candidate.score >= floor, candidate.score > 0 else { break }
            guard characters + candidate.text.count <= settings.maxCharacters else { continue }
            let repeats = chosen.contains { other in
                candidates[other].text == candidate.text
                    || Set(candidates[other].terms.keys) == Set(candidate.terms.keys)
                        && candidates[other].source != candidate.source
            }
            if repeats { continue }
            chosen.append(index)
            characters += candidate.text.count
        }
        return chosen.sorted { (candidates[$0].source, candidates[$0].range.lowerBound)
            < (candidates[$1].source, candidates[$1].range.lowerBound) }
    }

    /// Sentences joined with spaces; a marker after each run of sentences from one source.
    private func compose(_ chosen: [Candidate], sources: [Source]) -> Answer {
        var text = ""
        var supports: [Int: [[Int]]] = [:]
        for (position, candidate) in chosen.enumerated() {
            let marker = sources[candidate.source].marker
            if !text.isEmpty { text += " " }
            text += candidate.text
            supports[marker, default: []].append([candidate.range.lowerBound, candidate.range.upperBound])
            let next = position + 1 < chosen.count ? chosen[position + 1].source : nil
            if next != candidate.source { text += " [\(marker)]" }
        }
        return Answer(text: text, supports: supports, model: "extractive")
    }
}
