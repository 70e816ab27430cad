/// An upper bound of a term's BM25 score over its postings that stays valid whatever N, df and avgdl become.
///
/// A posting's score grows with its frequency and shrinks with its document's length, and avgdl moves with every
/// write, so no single number can be stored. Instead this keeps the Pareto frontier of (frequency, length) pairs —
/// no kept pair has both a lower frequency and a longer document than another — and evaluates the score at each at
/// query time. The frontier is capped: when it overflows, two neighbours merge into their corner (the higher
/// frequency with the shorter length), which dominates both, so the bound only loosens. Removing a posting leaves the
/// frontier as it is (still an upper bound); compaction rebuilds it tight.
struct ScoreBound: Sendable {
    /// Frontier points sorted by ascending frequency (hence ascending length).
    private(set) var points: [(frequency: UInt32, length: UInt32)] = []

    /// Frontier size at which neighbours are merged: a handful of points already bounds tightly, and search
    /// evaluates each of them once per query term.
    static let maxPoints = 8

    /// Accounts for a posting with `frequency` in a document of `length`.
    mutating func add(frequency: UInt32, length: UInt32) {
        // Most postings are dominated (a shorter document with as many occurrences is already on the frontier):
        // return before touching the array.
        if points.contains(where: { $0.frequency >= frequency && $0.length <= length }) { return }
        if points.contains(where: { $0.frequency <= frequency && $0.length >= length }) {
            points.removeAll { $0.frequency <= frequency && $0.length >= length }
        }
        if let index = points.firstIndex(where: { $0.frequency > frequency }) {
            points.insert((frequency, length), at: index)
        } else {
            points.append((frequency, length))
        }
        if points.count > Self.maxPoints { mergeClosestNeighbours() }
    }

    /// The largest score `scorer` can give a posting below the frontier, for a term of `weight`.
    func maxScore(_ scorer: BM25Scorer, weight: Double) -> Double {
        points.reduce(0) { max($0, scorer.score(weight: weight, frequency: $1.frequency, length: $1.length)) }
    }

    /// Merges the neighbours whose frequencies are closest (their corner loosens the bound least).
    private mutating func mergeClosestNeighbours() {
        var best = 0
        for index in 1..<(points.count - 1)
            where points[index + 1].frequency - points[index].frequency
            < points[best + 1].frequency - points[best].frequency {
            best = index
        }
        points[best] = (points[best + 1].frequency, points[best].length)
        points.remove(at: best + 1)
    }
}
