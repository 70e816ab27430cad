/// One term's postings: the slots of the documents that contain it, strictly ascending, and the term's frequency in
/// each, in two parallel buffers.
///
/// The buffers are allocated here rather than held in arrays so a search can walk them through plain pointers with
/// no bounds checks or reference counting in its inner loop; they stay put while the index's read lock is held,
/// because only writers append or compact. One entry past the end is a sentinel — slot `UInt32.max`, frequency 0 —
/// so a cursor can read its current slot without first checking whether the list is exhausted.
final class PostingList {
    private(set) var slots: UnsafeMutablePointer<UInt32>
    private(set) var frequencies: UnsafeMutablePointer<UInt32>
    /// Postings stored, dead documents' included until compaction.
    private(set) var count = 0
    private var capacity: Int
    /// Live documents containing the term: its df.
    var liveCount = 0
    /// Bounds the term's score over every stored posting.
    private(set) var bound = ScoreBound()

    /// Most terms occur in a few documents; lists double from here.
    private static let initialCapacity = 4

    init(capacity: Int = PostingList.initialCapacity) {
        self.capacity = max(1, capacity)
        slots = .allocate(capacity: self.capacity + 1)
        frequencies = .allocate(capacity: self.capacity + 1)
        writeSentinel()
    }

    deinit {
        slots.deallocate()
        frequencies.deallocate()
    }

    /// Adds a live posting; `slot` must exceed every stored one.
    func append(slot: UInt32, frequency: UInt32, length: UInt32) {
        precondition(count == 0 || slots[count - 1] < slot, "postings must be appended in slot order")
        if count == capacity { reserve(capacity * 2) }
        slots[count] = slot
        frequencies[count] = frequency
        count += 1
        writeSentinel()
        liveCount += 1
        bound.add(frequency: frequency, length: length)
    }

    /// Drops postings whose slot maps to `deadSlot` in `newSlots`, renumbers the rest and rebuilds the bound from the
    /// survivors (`lengths` by new slot). Order is kept because `newSlots` is increasing on live slots.
    func compact(newSlots: [UInt32], deadSlot: UInt32, lengths: [UInt32]) {
        var kept = 0
        bound = ScoreBound()
        for index in 0..<count {
            let slot = newSlots[Int(slots[index])]
            guard slot != deadSlot else { continue }
            slots[kept] = slot
            frequencies[kept] = frequencies[index]
            bound.add(frequency: frequencies[kept], length: lengths[Int(slot)])
            kept += 1
        }
        count = kept
        writeSentinel()
        liveCount = kept
        if capacity > 2 * kept + Self.initialCapacity { reserve(max(kept, Self.initialCapacity)) }
    }

    /// Marks the end: the slot no document has, which sorts after every real one.
    private func writeSentinel() {
        slots[count] = .max
        frequencies[count] = 0
    }

    /// Moves the postings into buffers of `newCapacity` (≥ count).
    private func reserve(_ newCapacity: Int) {
        let newSlots = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity + 1)
        let newFrequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity + 1)
        newSlots.moveInitialize(from: slots, count: count + 1)
        newFrequencies.moveInitialize(from: frequencies, count: count + 1)
        slots.deallocate()
        frequencies.deallocate()
        slots = newSlots
        frequencies = newFrequencies
        capacity = newCapacity
    }
}
