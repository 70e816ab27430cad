/// Restricts a search to labels the caller allows (a tenant's documents, a date range, …).
///
/// The predicate is applied during the graph walk: nodes it rejects are still traversed, so the graph stays
/// connected for the walk, but never returned. When few labels match, walking would visit most of the graph to
/// collect k matches, so the index scans the matches exactly instead (see `FilteredSearchPolicy`). To choose, it
/// needs the number of matches: give it when known (`expectedMatches`, or `init(labels:)`, which also lets the scan
/// visit only those labels); otherwise the index estimates it by sampling.
package struct VectorFilter: Sendable {
    /// Whether a label may be returned. Called from the searching thread, possibly many times per search.
    package let allows: @Sendable (UInt64) -> Bool
    /// The caller's count (or estimate) of stored labels it allows; nil when unknown.
    package let expectedMatches: Int?
    /// The exact set of allowed labels when the caller has it: the exact scan then visits only these.
    package let labels: Set<UInt64>?

    /// A predicate filter, optionally with the number of labels it is expected to allow.
    package init(expectedMatches: Int? = nil, allows: @escaping @Sendable (UInt64) -> Bool) {
        self.allows = allows
        self.expectedMatches = expectedMatches
        self.labels = nil
    }

    /// A filter allowing exactly `labels`.
    package init(labels: Set<UInt64>) {
        self.allows = { labels.contains($0) }
        self.expectedMatches = labels.count
        self.labels = labels
    }
}
