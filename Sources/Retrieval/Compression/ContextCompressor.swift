/// Contextual compression: before retrieved chunks go into an LLM prompt, keep only their sentences that bear on the
/// question, under a token budget over all chunks, so the prompt costs fewer tokens and carries less noise.
///
/// Each sentence is embedded (one batched call for all sentences of all sources) and scored by its cosine with the
/// query vector (both unit length, so a dot product). `UnitSelection` picks sentences globally under the budget,
/// then each source's survivors are put back in document order and joined, with `gapMarker` where text was dropped.
/// Kept text is reported as Unicode-scalar offsets into the original chunk — the unit of every offset in the API —
/// so citations and highlights still point into the chunk as stored. A source with nothing relevant may lose
/// everything; its output says so (`isDropped`).
///
/// Retrieval does not import Embedding or Chunking: the caller passes the sentence splitter, the embedder and the
/// token counter as closures (the server passes Chunking's `SentenceSplitter`, its query embedder, and the
/// generator's token counter).
package struct ContextCompressor: Sendable {
    /// How much is kept.
    package struct Settings: Sendable, Equatable {
        /// An absolute cap on kept tokens over all sources (the generator's context budget, say); nil for none.
        package var tokenBudget: Int?
        /// The share of the input's tokens kept at most. 0.5: a question is usually answered by a minority of the
        /// sentences of its top-k chunks, and extractive compression at 2× loses little of the answer-bearing text
        /// while halving the context bill; the relevance floor below cuts further when little is relevant.
        package var budgetFraction: Double = 0.5
        /// Sentences scoring below this cosine are never kept on their own merit. Low on purpose (unrelated
        /// sentences score around 0–0.1 with MiniLM): it removes what is plainly off-topic and leaves the ranking
        /// under the budget to do the rest.
        package var minSimilarity: Float = 0.1
        /// Give every source with a relevant sentence its best one before any source gets a second.
        package var keepBestPerSource = true
        /// Keep the sentence a kept one refers back to ("It must be filed within 30 days." needs the sentence
        /// saying what "it" is) and a following sentence that continues a kept one, budget permitting.
        package var followReferences = true
        /// Sentences longer than this are scored and kept in windows of at most this many tokens: about three
        /// ordinary sentences, enough context for the embedder, small enough that one relevant clause does not
        /// take a whole budget.
        package var maxUnitTokens = 64
        /// At most this many sentences (over all sources) are embedded; later ones are dropped unscored. It bounds
        /// the embedding work of one prompt whatever the retriever returns.
        package var maxUnits = 2_048
        /// Weight of the lexical overlap score (0…1) added to the cosine when the caller gives one. On SQuAD (top 5,
        /// half the tokens kept) embeddings alone keep the answer-bearing sentence for 95.3% of questions; idf-weighted
        /// overlap at weight 1 with the server's rank prior brings it to 97.7% (README).
        package var lexicalWeight: Float = 1.0
        /// Put between kept pieces that were not adjacent.
        package var gapMarker = " … "

        /// The defaults above.
        package init() {}
    }

    /// A retrieved chunk, with the citation marker it has in the prompt.
    package struct Input: Sendable, Equatable {
        package var marker: Int
        package var text: String
        /// Added to the score of each of its sentences: how much retrieval trusted the chunk (its rank), so that of
        /// two equally similar sentences the one from the better chunk is kept.
        package var prior: Float

        package init(marker: Int, text: String, prior: Float = 0) {
            self.marker = marker
            self.text = text
            self.prior = prior
        }
    }

    /// One source after compression.
    package struct Output: Sendable, Equatable {
        package var marker: Int
        /// The kept pieces in original order, joined by the gap marker; empty when nothing was kept.
        package var text: String
        /// The kept pieces as Unicode-scalar offsets into the original text, ascending and disjoint; adjacent kept
        /// sentences form one piece (with the original whitespace between them).
        package var kept: [Range<Int>]
        /// Tokens of the original text.
        package var tokensBefore: Int
        /// Tokens of `text`.
        package var tokensAfter: Int

        /// Nothing of the source was relevant enough to keep.
        package var isDropped: Bool { kept.isEmpty }
    }

    package var settings: Settings

    package init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// The total token budget for inputs of `inputTokens` tokens.
    package func budget(forInputTokens inputTokens: Int) -> Int {
        let share = Int((Double(inputTokens) * max(0, min(1, settings.budgetFraction))).rounded(.up))
        return min(share, settings.tokenBudget ?? Int.max)
    }

    /// `sources` compressed, one output per source in the same order. `sentences` splits a text into sentence
    /// ranges (indices of the string it is given), `embed` turns texts into unit vectors of `queryVector`'s length
    /// (called once, not at all when there is no sentence), `countTokens` counts a text's tokens. An embedder that
    /// returns the wrong number of vectors, or vectors of another length, is a programmer error.
    ///
    /// `lexical`, when given, scores a sentence's word overlap with the question in 0…1 (e.g. the share of the
    /// question's terms it contains); it is added with weight `settings.lexicalWeight`. Embeddings of short
    /// sentences miss exact names and numbers that a question asks about; the overlap keeps those sentences.
    package func compress(queryVector: [Float], sources: [Input], sentences: (Substring) -> [Range<String.Index>],
                          embed: ([String]) throws -> [[Float]], countTokens: (Substring) -> Int,
                          lexical: ((Substring) -> Float)? = nil) rethrows -> [Output] {
        var units: [CompressionUnit] = []
        for (index, source) in sources.enumerated() {
            units += CompressionUnitizer.units(of: source.text, source: index, ranges: sentences(source.text[...]),
                                               maxTokens: max(1, settings.maxUnitTokens), countTokens: countTokens)
        }
        if units.count > settings.maxUnits { units.removeLast(units.count - settings.maxUnits) }
        let vectors = units.isEmpty ? [] : try embed(units.map(\.text))
        precondition(vectors.count == units.count,
                     "the embedder returned \(vectors.count) vectors for \(units.count) texts")
        var scores = vectors.map { vector in
            precondition(vector.count == queryVector.count, "sentence and query vectors differ in dimension")
            let score = MaximalMarginalRelevance.dot(queryVector, vector)
            return score.isNaN ? -.infinity : score  // a broken vector never wins
        }
        if let lexical, settings.lexicalWeight > 0 {
            for index in units.indices { scores[index] += settings.lexicalWeight * lexical(units[index].text[...]) }
        }
        for index in units.indices { scores[index] += sources[units[index].source].prior }
        let before = sources.map { countTokens($0.text[...]) }
        let budget = budget(forInputTokens: before.reduce(0, +))
        let selection = UnitSelection(units: units, scores: scores, budget: budget,
                                      markerTokens: countTokens(settings.gapMarker[...]))
        var kept = selection.select(minSimilarity: settings.minSimilarity,
                                    keepBestPerSource: settings.keepBestPerSource,
                                    followReferences: settings.followReferences)
        // The selection's costs are exact for counters that add up over whitespace; for any other counter the
        // rendered result is checked, and the weakest unit goes until it fits.
        while true {
            let outputs = sources.indices.map { render(sources[$0], index: $0, tokensBefore: before[$0], units: units,
                                                       kept: kept, countTokens: countTokens) }
            guard outputs.reduce(0, { $0 + $1.tokensAfter }) > budget,
                  let weakest = kept.min(by: { selection.isBetter($1, $0) }) else { return outputs }
            kept.remove(weakest)
        }
    }

    /// One source's output from the kept units.
    private func render(_ source: Input, index: Int, tokensBefore: Int, units: [CompressionUnit], kept: Set<Int>,
                        countTokens: (Substring) -> Int) -> Output {
        let scalars = Array(source.text.unicodeScalars)
        var pieces: [Range<Int>] = []
        var previous: Int?
        for unit in kept.sorted() where units[unit].source == index {
            let range = units[unit].range
            // Neighbours with only whitespace between are one piece, with the original spacing.
            if let last = pieces.last, previous == unit - 1, units[unit].joinsPrevious {
                pieces[pieces.count - 1] = last.lowerBound..<range.upperBound
            } else {
                pieces.append(range)
            }
            previous = unit
        }
        let text = pieces.map { String(String.UnicodeScalarView(scalars[$0])) }.joined(separator: settings.gapMarker)
        return Output(marker: source.marker, text: text, kept: pieces, tokensBefore: tokensBefore,
                      tokensAfter: pieces.isEmpty ? 0 : countTokens(text[...]))
    }
}
