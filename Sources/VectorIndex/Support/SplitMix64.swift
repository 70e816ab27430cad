import Glibc

/// A small, seeded, fast random number generator (SplitMix64: a Weyl sequence with increment ⌊2⁶⁴/φ⌋ passed
/// through a 64-bit finalizer). Seeded so that an index built from the same inserts has the same levels, and
/// therefore the same graph, on every run: tests and benchmarks are reproducible.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The whole generator state; persisted in snapshots so a loaded index continues the same sequence.
    package private(set) var state: UInt64

    /// A generator starting at `seed` (any value, zero included).
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15  // ⌊2⁶⁴/φ⌋, φ = (1+√5)/2: consecutive states are spread evenly
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box–Muller: √(−2 ln U₁)·cos 2πU₂): random directions for tests and benchmarks,
    /// since a vector of independent normals, normalized, is uniform on the sphere.
    package mutating func nextGaussian() -> Float {
        let radius = (-2 * log(nextUnitInterval())).squareRoot()
        return Float(radius * cos(2 * Double.pi * nextUnitInterval()))
    }

    /// A uniform Double in (0, 1]: never 0, so −ln(U) is finite.
    package mutating func nextUnitInterval() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53  // 53 random mantissa bits → k·2⁻⁵³, k ∈ 1…2⁵³
    }
}
