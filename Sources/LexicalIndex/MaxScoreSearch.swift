/// Top-k with MaxScore pruning (Turtle & Flood), exact: it returns what scoring every document would, ties included.
///
/// Terms are ordered by their score bound, smallest first. Once `k` documents are held with worst score θ, the
/// longest prefix of terms whose bounds sum below θ is "non-essential": a document containing only those cannot
/// enter, so candidates come from the essential lists alone, and the non-essential lists are only probed (galloping
/// search) for candidates whose score plus the remaining bounds can still reach θ. The filter runs on a candidate
/// before those probes, so filtered-out documents cost no more than their essential postings, and the top k is
/// always k documents that pass it.
///
/// Candidates are gathered a window of `windowSize` slots at a time, as Lucene's MaxScore scorer does: the essential
/// lists are added term at a time into a small accumulator (`Window`); candidates that cannot reach θ are dropped;
/// each non-essential term, largest bound first, is then added to the survivors — by seeking per candidate when they
/// are few, by walking the term's postings in the window when they are many — and the survivors are dropped again as
/// the remaining bounds shrink. The inner loops are tight walks over postings instead of a merge across every list
/// per document, and memory stays bounded by the window whatever the index size. θ rises as candidates are offered
/// and after each window. (It is not primed by fully scoring the rarest terms' documents first: at 40 hits on
/// SciFact that took as long as the search it was to shorten — a galloping seek per term and document — and at
/// twenty times the size it saved nothing measurable; see scripts/bench/bm25.sh.)
///
/// Exactness: a candidate's score is summed in `QueryTerm.summationOrder` exactly as `ExhaustiveSearch` sums it
/// (essential terms, then non-essential ones, each from the largest bound down), and pruning compares against θ
/// shrunk by `pruningMargin`, far more than the rounding differences between partial sums and bounds added in another
/// order; a document is pruned only when it cannot tie θ, since on a tie the smaller label wins.
enum MaxScoreSearch {
    /// θ is multiplied by `1 - 1e-9` before comparisons: summing ≤ a few hundred positive doubles in different orders
    /// differs by ~1e-14 relatively, so this never prunes a document that could reach θ.
    static let pruningMargin = 1 - 1e-9
    /// Slots per window: 4,096 accumulators (32 KiB) and a 512-byte bitmap stay in the L1/L2 cache.
    static let windowSize = 4_096
    /// A galloping seek costs about as much as walking this many postings (a few dependent, unpredictable
    /// comparisons against one predictable step): the break-even between probing candidates and walking a list.
    static let seekCostInPostings = 8

    /// The best `k` live documents that pass `filter`, best first.
    static func run(_ terms: [QueryTerm], scorer: BM25Scorer, storage: IndexStorage, k: Int,
                    filter: ((UInt64) -> Bool)?) -> [LexicalHit] {
        let cursors = TermCursors(terms)
        defer { cursors.deallocate() }
        return storage.isLive.withUnsafeBufferPointer { isLive in
            storage.lengths.withUnsafeBufferPointer { lengths in
                storage.labels.withUnsafeBufferPointer { labels in
                    var search = Search(terms: cursors, scorer: scorer, isLive: isLive, lengths: lengths,
                                        labels: labels, filter: filter, top: TopHits(k: k))
                    return search.run()
                }
            }
        }
    }

    /// One search's state.
    private struct Search {
        let terms: TermCursors
        let scorer: BM25Scorer
        let isLive: UnsafeBufferPointer<Bool>
        let lengths: UnsafeBufferPointer<UInt32>
        let labels: UnsafeBufferPointer<UInt64>
        let filter: ((UInt64) -> Bool)?
        var top: TopHits
        /// θ with the margin applied.
        var threshold = -Double.infinity
        /// Terms below this index are non-essential.
        var firstEssential = 0

        mutating func run() -> [LexicalHit] {
            let window = Window()
            defer { window.deallocate() }
            updateThreshold()
            while firstEssential < terms.count {
                let start = terms.smallestSlot(from: firstEssential)
                guard start != .max else { break }
                // Capped below the lists' end sentinel (UInt32.max), so every walk stops at it.
                let end = UInt32(min(Int(start) + windowSize, Int(UInt32.max)))
                accumulateEssentialTerms(window, from: start, to: end)
                // Candidates the non-essential terms cannot lift to θ or that the filter refuses go no further.
                // With every term essential the scores are complete: they are offered at once, and θ rises as
                // they are.
                let complete = firstEssential == 0
                var viable = 0
                window.forEachCandidate(from: start) { slot, score in
                    guard score + terms.boundPrefix[firstEssential] >= threshold,
                          filter?(labels[Int(slot)]) ?? true else { return false }
                    guard complete else {
                        viable += 1
                        return true
                    }
                    top.offer(score: score, label: labels[Int(slot)])
                    threshold = top.threshold * pruningMargin
                    return false
                }
                for term in stride(from: firstEssential - 1, through: 0, by: -1) where viable > 0 {
                    addNonEssentialTerm(term, window, from: start, to: end, candidates: viable)
                    viable = 0
                    window.forEachCandidate(from: start) { _, score in
                        let keep = score + terms.boundPrefix[term] >= threshold
                        viable += keep ? 1 : 0
                        return keep
                    }
                }
                window.forEachCandidate(from: start) { slot, score in
                    if score >= threshold { top.offer(score: score, label: labels[Int(slot)]) }
                    return false
                }
                updateThreshold()
            }
            return top.sortedHits()
        }

        /// Adds the essential terms' scores of the live documents in `start ..< end`, largest bound first.
        private func accumulateEssentialTerms(_ window: Window, from start: UInt32, to end: UInt32) {
            for term in stride(from: terms.count - 1, through: firstEssential, by: -1) {
                let slots = terms.slots[term]
                let frequencies = terms.frequencies[term]
                let weight = terms.weight[term]
                var position = terms.position[term]
                while slots[position] < end {
                    let slot = slots[position]
                    if isLive[Int(slot)] {
                        window.add(scorer.score(weight: weight, frequency: frequencies[position],
                                                length: lengths[Int(slot)]), at: Int(slot - start))
                    }
                    position += 1
                }
                terms.position[term] = position
            }
        }

        /// Adds non-essential `term`'s scores to the window's remaining candidates: by a galloping seek per
        /// candidate when they are few next to the term's postings in the window, else by walking those postings.
        private func addNonEssentialTerm(_ term: Int, _ window: Window, from start: UInt32, to end: UInt32,
                                         candidates: Int) {
            let slots = terms.slots[term]
            let frequencies = terms.frequencies[term]
            let weight = terms.weight[term]
            let expectedPostings = terms.postingCount(term) * windowSize / max(1, isLive.count)
            if candidates * seekCostInPostings < expectedPostings {
                window.forEachCandidate(from: start) { slot, _ in
                    if let position = terms.seek(term, to: slot) {
                        window.add(scorer.score(weight: weight, frequency: frequencies[position],
                                                length: lengths[Int(slot)]), at: Int(slot - start))
                    }
                    return true
                }
                return
            }
            _ = terms.seek(term, to: start)
            var position = terms.position[term]
            while slots[position] < end {
                let offset = Int(slots[position] - start)
                if window.isCandidate(offset) {
                    window.add(scorer.score(weight: weight, frequency: frequencies[position],
                                            length: lengths[Int(slots[position])]), at: offset)
                }
                position += 1
            }
            terms.position[term] = position
        }

        /// Reads θ from the heap and moves the terms it no longer needs to the non-essential side.
        private mutating func updateThreshold() {
            threshold = top.threshold * pruningMargin
            while firstEssential < terms.count && terms.boundPrefix[firstEssential + 1] < threshold {
                firstEssential += 1
            }
        }
    }
}
