/// A query term resolved against the index for one search.
struct QueryTerm {
    let postings: PostingList
    /// `query weight · idf · (k1 + 1)`, see `BM25Scorer.weight`.
    let weight: Double
    /// The most this term can add to any document's score.
    let bound: Double

    /// The terms of `bag` that occur in a live document of `storage`, and the scorer for its current statistics.
    static func resolve(_ bag: TermBag, in storage: IndexStorage, parameters: BM25Parameters)
        -> (scorer: BM25Scorer, terms: [QueryTerm]) {
        let scorer = BM25Scorer(parameters: parameters, documentCount: storage.liveCount,
                                totalLength: storage.totalLength)
        var terms: [QueryTerm] = []
        for localID in 0..<bag.terms.count {
            guard let id = bag.terms.withKey(Int32(localID), { storage.terms.id(of: $0) }) else { continue }
            let postings = storage.postings[Int(id)]
            guard postings.liveCount > 0 else { continue }
            let weight = scorer.weight(documentFrequency: postings.liveCount, queryWeight: bag.queryWeight(localID))
            terms.append(QueryTerm(postings: postings, weight: weight,
                                   bound: postings.bound.maxScore(scorer, weight: weight)))
        }
        return (scorer, terms)
    }

    /// The order every search path adds a document's term scores in — largest bound first, ties by query position —
    /// so they agree to the last bit. It is MaxScore's natural order: essential terms (the largest bounds) first,
    /// then the non-essential ones from the largest down.
    static func summationOrder(_ terms: [QueryTerm]) -> [QueryTerm] {
        terms.indices.sorted { (terms[$1].bound, $0) < (terms[$0].bound, $1) }.map { terms[$0] }
    }
}
