/// A text's distinct terms with how often each occurs: what one document contributes to the index, or a query's terms
/// with their weights.
struct TermBag: Sendable {
    /// Distinct terms, ids in first-occurrence order.
    var terms: TermDictionary
    /// Occurrences of each term, by id: a document's term frequencies.
    var counts: [UInt32] = []
    /// How many of those occurrences were overlaps (compound wholes and catenations, CJK bigrams).
    var overlapCounts: [UInt32] = []
    /// The document length in BM25's sense: occurrences of terms that are not overlaps.
    var length: UInt32 = 0

    /// Overlap terms count this much in a query. They restate the parts they overlap, so at full weight a compound
    /// (`T-cell` → `t-cell`, `tcell`, `t`, `cell`) outweighs the query's other words threefold; at one half its whole
    /// and catenation together add what one more word would. On SciFact (test / train nDCG@10, k1 1.2, b 0.75):
    /// full weight 0.6935 / 0.6828, one half 0.6943 / 0.6937, parts alone (no wholes) 0.6896 / 0.6963 — so the
    /// code-matching terms cost nothing in prose at this weight.
    static let overlapQueryWeight = 0.5

    /// An empty bag with room for about `expectedTerms` distinct terms.
    init(expectedTerms: Int = 0) {
        terms = TermDictionary(capacity: expectedTerms)
        counts.reserveCapacity(expectedTerms)
        overlapCounts.reserveCapacity(expectedTerms)
    }

    mutating func add(_ term: UnsafeBufferPointer<UInt8>, isOverlap: Bool) {
        let (id, inserted) = terms.insert(term)
        if inserted {
            counts.append(0)
            overlapCounts.append(0)
        }
        counts[Int(id)] &+= 1
        if isOverlap { overlapCounts[Int(id)] &+= 1 } else { length &+= 1 }
    }

    /// How much term `id` weighs as a query term: its occurrences, overlaps at `overlapQueryWeight`.
    func queryWeight(_ id: Int) -> Double {
        Double(counts[id] - overlapCounts[id]) + Self.overlapQueryWeight * Double(overlapCounts[id])
    }
}
