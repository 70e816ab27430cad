/// The index's data, unsynchronized: `BM25Index` holds its lock around every use.
///
/// Documents occupy slots in the order they were added; postings are appended in slot order and so stay sorted.
/// Removing a document only marks its slot dead (a tombstone) and lowers the statistics — N, the total length and
/// each of its terms' df — so scores stay exact at once; the dead postings are skipped by search and dropped by
/// compaction, which runs when they make up a quarter of all postings. Dead postings never break the score bounds:
/// a bound over more postings is still a bound.
struct IndexStorage {
    var terms = TermDictionary()
    /// By term id.
    var postings: [PostingList] = []
    /// By slot: the caller's label, the BM25 length, whether the slot still holds a document.
    var labels: [UInt64] = []
    var lengths: [UInt32] = []
    var isLive: [Bool] = []
    /// The ids of slot `s`'s terms are `slotTerms[slotTermStarts[s] ..< slotTermStarts[s + 1]]` — what removal needs
    /// to lower each df.
    var slotTermStarts: [Int] = [0]
    var slotTerms: [Int32] = []
    var slotByLabel: [UInt64: UInt32] = [:]
    /// N and the sum of live lengths (avgdl = totalLength / N).
    var liveCount = 0
    var totalLength: UInt64 = 0
    /// Postings stored, and how many of them belong to dead slots.
    var storedPostings = 0
    var deadPostings = 0

    /// Marks a dropped slot in the renumbering of compaction.
    static let deadSlot = UInt32.max
    /// Compaction starts once dead postings are at least this many…
    static let compactionMinimumDeadPostings = 4_096
    /// …and at least 1/`compactionDeadFractionDenominator` of all postings: the wasted scan stays under 25% and each
    /// compaction, linear in the index, is paid for by as many removals as a quarter of the index holds.
    static let compactionDeadFractionDenominator = 4

    /// Adds (or replaces) the document `label` with `bag`'s terms.
    mutating func add(label: UInt64, bag: TermBag) {
        if slotByLabel[label] != nil { remove(label: label) }
        precondition(labels.count < Int(Self.deadSlot), "the index holds at most 2^32 - 1 slots")
        let slot = UInt32(labels.count)
        labels.append(label)
        lengths.append(bag.length)
        isLive.append(true)
        for localID in 0..<bag.terms.count {
            let (id, inserted) = bag.terms.withKey(Int32(localID)) { terms.insert($0) }
            if inserted { postings.append(PostingList()) }
            postings[Int(id)].append(slot: slot, frequency: bag.counts[localID], length: bag.length)
            slotTerms.append(id)
        }
        slotTermStarts.append(slotTerms.count)
        slotByLabel[label] = slot
        liveCount += 1
        totalLength += UInt64(bag.length)
        storedPostings += bag.terms.count
    }

    /// Removes the document `label`; false when there is none.
    @discardableResult
    mutating func remove(label: UInt64) -> Bool {
        guard let slot = slotByLabel.removeValue(forKey: label).map(Int.init) else { return false }
        isLive[slot] = false
        liveCount -= 1
        totalLength -= UInt64(lengths[slot])
        for index in slotTermStarts[slot]..<slotTermStarts[slot + 1] {
            postings[Int(slotTerms[index])].liveCount -= 1
        }
        deadPostings += slotTermStarts[slot + 1] - slotTermStarts[slot]
        if deadPostings >= Self.compactionMinimumDeadPostings
            && deadPostings * Self.compactionDeadFractionDenominator >= storedPostings {
            compact()
        }
        return true
    }

    /// Derives every slot's term list from the postings (after loading a snapshot, which stores only postings).
    mutating func rebuildSlotTerms() {
        var starts = [Int](repeating: 0, count: labels.count + 1)
        for list in postings {
            for index in 0..<list.count { starts[Int(list.slots[index]) + 1] += 1 }
        }
        for slot in labels.indices { starts[slot + 1] += starts[slot] }
        var next = starts
        var terms = [Int32](repeating: 0, count: starts[labels.count])
        for (id, list) in postings.enumerated() {
            for index in 0..<list.count {
                let slot = Int(list.slots[index])
                terms[next[slot]] = Int32(id)
                next[slot] += 1
            }
        }
        slotTermStarts = starts
        slotTerms = terms
        storedPostings = terms.count
        deadPostings = 0
    }

    /// Drops dead slots, their postings and terms no live document uses; renumbers slots and term ids densely.
    mutating func compact() {
        guard deadPostings > 0 || labels.count > liveCount else { return }
        var newSlots = [UInt32](repeating: Self.deadSlot, count: labels.count)
        var compacted = IndexStorage()
        for slot in labels.indices where isLive[slot] {
            newSlots[slot] = UInt32(compacted.labels.count)
            compacted.labels.append(labels[slot])
            compacted.lengths.append(lengths[slot])
        }
        var newTermIDs = [Int32](repeating: -1, count: postings.count)
        for (id, list) in postings.enumerated() where list.liveCount > 0 {
            list.compact(newSlots: newSlots, deadSlot: Self.deadSlot, lengths: compacted.lengths)
            newTermIDs[id] = terms.withKey(Int32(id)) { compacted.terms.insert($0).id }
            compacted.postings.append(list)
        }
        for slot in labels.indices where isLive[slot] {
            for index in slotTermStarts[slot]..<slotTermStarts[slot + 1] {
                compacted.slotTerms.append(newTermIDs[Int(slotTerms[index])])
            }
            compacted.slotTermStarts.append(compacted.slotTerms.count)
        }
        compacted.isLive = Array(repeating: true, count: compacted.labels.count)
        for (slot, label) in compacted.labels.enumerated() { compacted.slotByLabel[label] = UInt32(slot) }
        compacted.liveCount = liveCount
        compacted.totalLength = totalLength
        compacted.storedPostings = compacted.slotTerms.count
        self = compacted
    }
}
