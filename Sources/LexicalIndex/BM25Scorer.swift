#if canImport(Glibc)
import Glibc
#endif

/// BM25 for one query against the corpus as it is right now:
///
///     score(d, q) = Σ_{t ∈ q} qw(t) · idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·dl/avgdl))
///     idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
///
/// with N live documents, df(t) live documents containing t, tf the term's count in d, dl d's length and avgdl the
/// mean length. The `(k1 + 1)` factor makes one occurrence in an average-length document score exactly idf; idf is
/// Lucene's form, positive for every df. qw(t) is the term's query weight: a term repeated in the query counts once
/// per repeat, as in Lucene, except that compound wholes, catenations and CJK bigrams count half (`TermBag`).
/// Statistics are read at query time, so adds and removes never leave stale weights behind.
struct BM25Scorer: Sendable {
    /// `k1·(1 − b)`: the length-independent part of the denominator.
    let lengthConstant: Double
    /// `k1·b / avgdl`: how much each unit of document length adds to the denominator.
    let lengthSlope: Double
    /// `k1 + 1`.
    let saturation: Double
    /// N.
    let documentCount: Int

    init(parameters: BM25Parameters, documentCount: Int, totalLength: UInt64) {
        let k1 = Double(parameters.k1)
        let b = Double(parameters.b)
        let averageLength = documentCount > 0 ? Double(totalLength) / Double(documentCount) : 0
        lengthConstant = k1 * (1 - b)
        lengthSlope = averageLength > 0 ? k1 * b / averageLength : 0
        saturation = k1 + 1
        self.documentCount = documentCount
    }

    /// Lucene's idf for a term in `documentFrequency` of the N documents.
    func idf(documentFrequency: Int) -> Double {
        let n = Double(documentCount)
        let df = Double(documentFrequency)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// Everything in a term's score that does not depend on the document: `qw · idf · (k1 + 1)`, where the query
    /// weight `qw` is the term's count in the query (overlap terms count less, see `TermBag.queryWeight`).
    func weight(documentFrequency: Int, queryWeight: Double) -> Double {
        queryWeight * idf(documentFrequency: documentFrequency) * saturation
    }

    /// The term's score in a document where it occurs `frequency` times among `length` counted terms:
    /// `weight · tf / (tf + k1·(1 − b + b·dl/avgdl))`. Every path (exhaustive, MaxScore, bounds) computes it here, so
    /// they agree to the last bit.
    @inline(__always)
    func score(weight: Double, frequency: UInt32, length: UInt32) -> Double {
        let tf = Double(frequency)
        return weight * tf / (tf + (lengthConstant + lengthSlope * Double(length)))
    }
}
