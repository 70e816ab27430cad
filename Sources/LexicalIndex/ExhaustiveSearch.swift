/// Term-at-a-time scoring of every posting into one accumulator per slot: the reference MaxScore must equal
/// (tests) and the baseline it is timed against (`ragd-bench bm25`). It allocates one accumulator per slot per
/// query, which is what makes it a reference rather than the search path.
enum ExhaustiveSearch {
    /// The best `k` live documents that pass `filter`, best first.
    static func run(_ terms: [QueryTerm], scorer: BM25Scorer, storage: IndexStorage, k: Int,
                    filter: ((UInt64) -> Bool)?) -> [LexicalHit] {
        let slotCount = storage.labels.count
        let scores = UnsafeMutablePointer<Double>.allocate(capacity: slotCount)
        scores.initialize(repeating: 0, count: slotCount)
        let touched = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
        defer {
            scores.deallocate()
            touched.deallocate()
        }
        var touchedCount = 0
        storage.isLive.withUnsafeBufferPointer { isLive in
            storage.lengths.withUnsafeBufferPointer { lengths in
                for term in QueryTerm.summationOrder(terms) {
                    let postings = term.postings
                    let slots = postings.slots
                    let frequencies = postings.frequencies
                    for index in 0..<postings.count {
                        let slot = Int(slots[index])
                        guard isLive[slot] else { continue }
                        if scores[slot] == 0 {
                            touched[touchedCount] = Int32(slot)
                            touchedCount += 1
                        }
                        scores[slot] += scorer.score(weight: term.weight, frequency: frequencies[index],
                                                     length: lengths[slot])
                    }
                }
            }
        }
        var top = TopHits(k: k)
        for index in 0..<touchedCount {
            let slot = Int(touched[index])
            let label = storage.labels[slot]
            if filter?(label) ?? true { top.offer(score: scores[slot], label: label) }
        }
        return top.sortedHits()
    }
}
