/// Cache blocking of the matrix product, sized for AVX2 cores with 32 KB of L1 data cache and 512 KB of L2.
package enum GEMMBlocking {
    /// Steps of k packed together. A 16-column panel of B this deep is 256 × 16 × 4 B = 16 KB: it stays in L1 while
    /// every 6-row panel of the packed A block streams past it.
    package static let depth = 256
    /// Rows of A packed together, a multiple of the micro-kernel's 6: 144 × 256 × 4 B = 144 KB, which stays in L2
    /// while all of B's panels for those steps pass through.
    package static let rows = 144
}
