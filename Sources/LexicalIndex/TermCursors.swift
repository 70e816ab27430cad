/// MaxScore's per-term state, sorted by ascending bound (the reverse of the summation order), in buffers owned by
/// the search that created it; `deallocate()` frees them.
struct TermCursors {
    /// The number of query terms.
    let count: Int
    let slots: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    let frequencies: UnsafeMutablePointer<UnsafeMutablePointer<UInt32>>
    /// Postings per list (the sentinel excluded).
    let postingCounts: UnsafeMutablePointer<Int>
    let weight: UnsafeMutablePointer<Double>
    /// `boundPrefix[j]` = the sum of the bounds of terms `0 ..< j` (count + 1 entries).
    let boundPrefix: UnsafeMutablePointer<Double>
    /// The next posting of each list.
    let position: UnsafeMutablePointer<Int>

    init(_ terms: [QueryTerm]) {
        let sorted = QueryTerm.summationOrder(terms).reversed()
        count = terms.count
        slots = .allocate(capacity: count)
        frequencies = .allocate(capacity: count)
        postingCounts = .allocate(capacity: count)
        weight = .allocate(capacity: count)
        boundPrefix = .allocate(capacity: count + 1)
        position = .allocate(capacity: count)
        boundPrefix[0] = 0
        for (index, term) in sorted.enumerated() {
            slots[index] = term.postings.slots
            frequencies[index] = term.postings.frequencies
            postingCounts[index] = term.postings.count
            weight[index] = term.weight
            boundPrefix[index + 1] = boundPrefix[index] + term.bound
            position[index] = 0
        }
    }

    func deallocate() {
        for pointer in [UnsafeMutableRawPointer(slots), UnsafeMutableRawPointer(frequencies),
                        UnsafeMutableRawPointer(postingCounts), UnsafeMutableRawPointer(weight),
                        UnsafeMutableRawPointer(boundPrefix), UnsafeMutableRawPointer(position)] {
            pointer.deallocate()
        }
    }

    /// The smallest current slot among the lists from `first` on; `UInt32.max` (every list's end sentinel) when they
    /// are exhausted.
    func smallestSlot(from first: Int) -> UInt32 {
        var smallest = UInt32.max
        for term in first..<count { smallest = min(smallest, slots[term][position[term]]) }
        return smallest
    }

    /// The number of postings of `term`.
    @inline(__always) func postingCount(_ term: Int) -> Int { postingCounts[term] }

    /// Moves `term`'s cursor to its first posting at or after `slot` (galloping, then binary search); that
    /// posting's index when it is `slot`'s. Cursors only move forward: slots must be sought in ascending order.
    func seek(_ term: Int, to slot: UInt32) -> Int? {
        let postings = slots[term]
        let count = postingCounts[term]
        var low = position[term]
        guard low < count else { return nil }
        if postings[low] < slot {
            var step = 1
            var high = low + 1
            while high < count && postings[high] < slot {
                low = high
                step *= 2
                high = low + step
            }
            high = min(high, count)
            low += 1  // postings[low - 1] < slot: the answer is in low...high
            while low < high {
                let middle = (low + high) / 2
                if postings[middle] < slot { low = middle + 1 } else { high = middle }
            }
            position[term] = low
        }
        return low < count && postings[low] == slot ? low : nil
    }
}
