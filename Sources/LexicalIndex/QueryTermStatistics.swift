/// One distinct query term with the statistics that weight it.
package struct QueryTermStatistics: Sendable, Hashable {
    /// The analyzed term.
    package let term: String
    /// Its weight in the query: occurrences, compound wholes/catenations and CJK bigrams at one half.
    package let queryWeight: Double
    /// How many documents contain it.
    package let documentFrequency: Int
    /// Its idf, `ln(1 + (N − df + 0.5)/(df + 0.5))`; 0 when no document contains it.
    package let idf: Double
}
