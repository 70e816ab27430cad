/// The instruction-set extensions of this processor, from the `flags` line of /proc/cpuinfo (Linux).
///
/// The Embedding target is compiled for Haswell-class x86-64 (AVX2, FMA, BMI1/2, F16C, MOVBE, LZCNT): the matrix
/// kernels need 8-lane fused multiply-adds. On an older processor those instructions would kill the process with
/// SIGILL at the first product, so the model refuses to load instead. The check itself must not use them either, yet
/// it is compiled for Haswell too: it sticks to byte comparisons and system calls, and avoids generic collections
/// (a `Set<String>` specialized here compiles to BMI2 shifts). Reviewed with objdump; keep it that plain.
enum ProcessorFeatures {
    /// The extensions the compiled kernels may use, as /proc/cpuinfo names them (`abm` is LZCNT).
    static let required = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]

    /// The required extensions this processor lacks; empty when it has them all, or when the build does not target
    /// x86-64 or /proc/cpuinfo is unreadable (then nothing is known to be missing).
    static let missing: [String] = {
        #if arch(x86_64) && os(Linux)
        guard let cpuinfo = try? FileBytes.contents(of: "/proc/cpuinfo", limit: 64 << 20) else { return [] }
        return required.filter { !hasFlag($0, in: cpuinfo) }
        #else
        return []
        #endif
    }()

    /// Whether the first `flags` line of `cpuinfo` lists `flag` as a whole word.
    static func hasFlag(_ flag: String, in cpuinfo: [UInt8]) -> Bool {
        let word = Array(flag.utf8)
        let prefix = Array("flags".utf8)
        var lineStart = 0
        while lineStart < cpuinfo.count {
            var lineEnd = lineStart
            while lineEnd < cpuinfo.count && cpuinfo[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - lineStart > prefix.count && cpuinfo[lineStart..<lineStart + prefix.count].elementsEqual(prefix) {
                var start = lineStart
                while start < lineEnd {
                    while start < lineEnd && !isWordByte(cpuinfo[start]) { start += 1 }
                    var end = start
                    while end < lineEnd && isWordByte(cpuinfo[end]) { end += 1 }
                    if end - start == word.count && cpuinfo[start..<end].elementsEqual(word) { return true }
                    start = end
                }
                return false
            }
            lineStart = lineEnd + 1
        }
        return false
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte != 0x20 && byte != 0x09 && byte != 0x3A  // space, tab, colon
    }
}
