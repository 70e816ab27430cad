/// `MaxScoreSearch`'s accumulator for one window of `windowSize` consecutive slots: a score per slot and a bitmap
/// of the slots that are still candidates. Both return to all-zero as candidates are dropped, so one allocation
/// serves every window of a search.
struct Window {
    private let scores: UnsafeMutablePointer<Double>
    private let bits: UnsafeMutablePointer<UInt64>
    private static let words = MaxScoreSearch.windowSize / 64

    init() {
        scores = .allocate(capacity: MaxScoreSearch.windowSize)
        scores.initialize(repeating: 0, count: MaxScoreSearch.windowSize)
        bits = .allocate(capacity: Self.words)
        bits.initialize(repeating: 0, count: Self.words)
    }

    func deallocate() {
        scores.deallocate()
        bits.deallocate()
    }

    /// Adds `score` to the slot at `offset` and makes it a candidate.
    @inline(__always)
    func add(_ score: Double, at offset: Int) {
        bits[offset >> 6] |= 1 << UInt64(offset & 63)
        scores[offset] += score
    }

    /// Whether the slot at `offset` is a candidate.
    @inline(__always)
    func isCandidate(_ offset: Int) -> Bool { bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0 }

    /// Calls `body` with each candidate's slot (the window starting at `start`) and score, in slot order; drops the
    /// candidates for which it returns false.
    @inline(__always)
    func forEachCandidate(from start: UInt32, _ body: (_ slot: UInt32, _ score: Double) -> Bool) {
        for word in 0..<Self.words {
            var remaining = bits[word]
            while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                let offset = word * 64 + bit
                if !body(start + UInt32(offset), scores[offset]) {
                    bits[word] &= ~(1 << UInt64(bit))
                    scores[offset] = 0
                }
            }
        }
    }
}
