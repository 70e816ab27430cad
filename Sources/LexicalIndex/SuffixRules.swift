/// A stemming step's suffixes with their rules, bucketed by last letter and longest first within a bucket, so
/// finding a word's longest matching suffix compares only the few suffixes that end like the word does.
struct SuffixRules<Rule: Sendable>: Sendable {
    private let buckets: [[(suffix: StaticString, rule: Rule)]]

    init(_ rules: [(suffix: StaticString, rule: Rule)]) {
        var buckets = [[(suffix: StaticString, rule: Rule)]](repeating: [], count: 256)
        // Two suffixes of equal length never both match a word, so their relative order does not matter.
        for entry in rules.sorted(by: { $0.suffix.utf8CodeUnitCount > $1.suffix.utf8CodeUnitCount }) {
            buckets[Int(entry.suffix.utf8Start[entry.suffix.utf8CodeUnitCount - 1])].append(entry)
        }
        self.buckets = buckets
    }

    /// The longest suffix of `word` among the rules, with its length.
    func longestMatch(_ word: [UInt8]) -> (length: Int, rule: Rule)? {
        guard let last = word.last else { return nil }
        for entry in buckets[Int(last)] where Self.word(word, endsWith: entry.suffix) {
            return (entry.suffix.utf8CodeUnitCount, entry.rule)
        }
        return nil
    }

    /// Whether `word` ends with `suffix`.
    @inline(__always)
    static func word(_ word: [UInt8], endsWith suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard word.count >= length else { return false }
        let start = word.count - length
        for offset in 0..<length where word[start + offset] != suffix.utf8Start[offset] { return false }
        return true
    }
}
