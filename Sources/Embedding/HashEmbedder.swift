/// A deterministic embedder that needs no model: feature hashing (Weinberger et al., 2009) of lower-cased words and
/// their character trigrams into `dimensions` signed buckets, sublinear term frequency, then L2 normalization.
///
/// It captures lexical overlap only — documents sharing words and word parts land close — so it is a working
/// fallback and a fast stand-in for tests and benchmarks, not a semantic model. The same text always gives the same
/// vector on every machine.
package struct HashEmbedder: Embedder {
    package let dimensions: Int
    package var model: String { "hash-\(dimensions)" }

    /// An embedder producing `dimensions`-long vectors (at least 8).
    package init(dimensions: Int = 384) {
        precondition(dimensions >= 8, "hash embeddings need at least 8 dimensions")
        self.dimensions = dimensions
    }

    package func embed(_ texts: [String]) throws(EmbeddingError) -> [[Float]] {
        texts.map(vector)
    }

    /// Weight of a word relative to one of its trigrams: whole words matter most, trigrams add robustness to
    /// inflection ("protein" / "proteins") and typos.
    private static let trigramWeight: Float = 0.35

    private func vector(_ text: String) -> [Float] {
        var counts: [UInt64: Float] = [:]
        for word in Self.words(text) {
            counts[Self.fnv1a(word, seed: 0x51), default: 0] += 1
            if word.count >= 4 {
                let padded = [0x5E] + word + [0x24]  // ^word$ so prefixes and suffixes are features of their own
                for start in 0...(padded.count - 3) {
                    counts[Self.fnv1a(padded[start..<start + 3], seed: 0x7A), default: 0] += Self.trigramWeight
                }
            }
        }
        var vector = [Float](repeating: 0, count: dimensions)
        for (hash, count) in counts {
            let bucket = Int(hash % UInt64(dimensions))
            let sign: Float = hash >> 63 == 0 ? 1 : -1
            vector[bucket] += sign * (1 + Self.logarithm(count))
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return vector }
        return vector.map { $0 / norm }
    }

    /// Lower-cased runs of letters and digits as Unicode scalars' UTF-8, split on everything else.
    static func words(_ text: String) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var current: [UInt8] = []
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(contentsOf: String(scalar).utf8)
            } else if !current.isEmpty {
                words.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// FNV-1a, 64-bit, with a seed mixed in so words and trigrams use different hash functions.
    static func fnv1a<Bytes: Sequence>(_ bytes: Bytes, seed: UInt64) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Natural logarithm without Foundation (x ≥ 1): the series of atanh on (x-1)/(x+1), exact enough for weights.
    static func logarithm(_ x: Float) -> Float {
        guard x > 1 else { return 0 }
        var exponent: Float = 0
        var mantissa = x
        while mantissa > 2 {
            mantissa /= 2
            exponent += 1
        }
        let y = (mantissa - 1) / (mantissa + 1)
        let y2 = y * y
        let series = 2 * y * (1 + y2 / 3 + y2 * y2 / 5 + y2 * y2 * y2 / 7)
        return series + exponent * 0.693_147_18
    }
}
