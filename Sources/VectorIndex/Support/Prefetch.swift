/// LLVM's prefetch intrinsic, reached through its symbol name because Swift has no prefetch API. A graph search
/// knows which vectors it reads next long before it reads them; asking the cache for them early hides part of the
/// memory latency that dominates the search.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

/// Hints the CPU to load the cache line at `address` into all cache levels (prefetcht0); never faults.
@inline(__always)
func prefetch(_ address: UnsafeRawPointer) {
    llvmPrefetch(address, 0, 3, 1)
}

/// `prefetch` for every cache line of the `bytes` bytes from `address` (a whole vector row).
@inline(__always)
func prefetch(_ address: UnsafeRawPointer, bytes: Int) {
    var line = 0
    while line < bytes {
        prefetch(address + line)
        line &+= 64
    }
}
