/// The best `k` documents seen so far, in a binary heap whose root is the worst of them — the one the next better
/// document evicts.
///
/// "Better" is a higher score, and on equal scores the smaller label, so results never depend on the order documents
/// were visited in: exhaustive scoring and MaxScore return the same list.
struct TopHits {
    let k: Int
    private var scores: [Double] = []
    private var labels: [UInt64] = []

    /// Heap storage reserved up front at most this large; a huge `k` grows as hits arrive.
    private static let maxReserved = 1_024

    init(k: Int) {
        precondition(k > 0, "k must be positive")
        self.k = k
        scores.reserveCapacity(min(k, Self.maxReserved))
        labels.reserveCapacity(min(k, Self.maxReserved))
    }

    /// The score a document must reach to have a chance of entering: the worst held score once `k` are held,
    /// minus infinity before.
    var threshold: Double { scores.count == k ? scores[0] : -.infinity }

    /// Keeps the document if it is among the best `k` so far.
    mutating func offer(score: Double, label: UInt64) {
        if scores.count < k {
            scores.append(score)
            labels.append(label)
            siftUp(scores.count - 1)
        } else if Self.isWorse(scores[0], labels[0], than: score, label) {
            scores[0] = score
            labels[0] = label
            siftDown(0)
        }
    }

    /// The held documents, best first.
    func sortedHits() -> [LexicalHit] {
        scores.indices
            .sorted { Self.isWorse(scores[$1], labels[$1], than: scores[$0], labels[$0]) }
            .map { LexicalHit(label: labels[$0], score: Float(scores[$0])) }
    }

    @inline(__always)
    private static func isWorse(_ score: Double, _ label: UInt64,
                                than otherScore: Double, _ otherLabel: UInt64) -> Bool {
        score < otherScore || (score == otherScore && label > otherLabel)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.isWorse(scores[child], labels[child], than: scores[parent], labels[parent]) else { return }
            scores.swapAt(child, parent)
            labels.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1
            if left < scores.count && Self.isWorse(scores[left], labels[left], than: scores[worst], labels[worst]) {
                worst = left
            }
            let right = left + 1
            if right < scores.count && Self.isWorse(scores[right], labels[right], than: scores[worst], labels[worst]) {
                worst = right
            }
            if worst == parent { return }
            scores.swapAt(parent, worst)
            labels.swapAt(parent, worst)
            parent = worst
        }
    }
}
